import type { EventHandler, Handlers } from '@saga/saga-runtime';
import { type ContractOf, type EventMap, groupsOf } from '@saga/schemas';
import { recordTimelineEntry } from '../db/timeline';

/**
 * The timeline projection: every event of every topic, with where it came from, recorded under
 * its order. It runs in its own consumer group, so it can be rebuilt by replaying that group.
 */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function timelineHandlers(deps: { clock(): Date }): Handlers<ContractOf<'order'>, 'timeline'> {
  const record: EventHandler<EventMap> = async (event, { tx }) => {
    await recordTimelineEntry(
      tx,
      {
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
      },
      deps.clock(),
    );
  };
  // One handler serves every topic the group declares.
  return Object.fromEntries(groupsOf('order').timeline.consumes.map((topic) => [topic, record])) as Handlers<
    ContractOf<'order'>,
    'timeline'
  >;
}
