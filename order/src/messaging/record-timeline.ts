import type { IncomingEvent, Projector } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { recordTimelineEntries } from '../db/timeline';
import { isRetained, type TimelineEntry } from '../domain/timeline';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function entryOf(event: IncomingEvent<EventMap>): TimelineEntry {
  return {
    eventId: event.metadata.eventId,
    orderId: event.value.orderId,
    topic: event.topic,
    partition: event.partition,
    offset: Number(event.offset),
    producer: event.metadata.producer,
    // Headers are not schema-checked; a malformed causation id is dropped rather than poisoning the event.
    causationId: uuid.test(event.metadata.causationId ?? '') ? event.metadata.causationId : null,
    traceId: event.metadata.traceparent?.split('-')[1] ?? null,
    occurredAt: new Date(event.value.occurredAt),
  };
}

/**
 * The timeline projection: every event of every topic younger than `retentionMs`, with where it
 * came from, recorded under its order, a run at a time. It runs in its own consumer group, so it
 * can be rebuilt by replaying that group; rows are keyed by event id, and older events are
 * pruned and left out, so a replay adds nothing.
 */
export function timelineProjector(deps: { clock(): Date }, retentionMs: number): Projector<EventMap> {
  return (events, { tx }) => {
    const now = deps.clock();
    const entries = events.map(entryOf).filter((entry) => isRetained(entry, now, retentionMs));
    return recordTimelineEntries(tx, entries, now);
  };
}
