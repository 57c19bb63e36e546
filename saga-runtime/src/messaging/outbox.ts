import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database';
import { dbAttributes, inSpan } from '../telemetry/spans';
import type { EventMapBase, IncomingEvent } from './event';
import { headerNames } from './headers';

/**
 * The messaging port a handler or route sees: publishing is writing to the outbox. `P` is what
 * the service declares it produces, so publishing any other topic does not compile.
 */
export interface Publisher<M extends EventMapBase, P extends keyof M & string = keyof M & string> {
  publish<T extends P>(topic: T, event: M[T]): Promise<void>;
}

export interface OutboxContext {
  /** Service name, written to the `producer` header. */
  producer: string;
  /** Throws when an event does not match its schema: better refused now than poison later. */
  validate(topic: string, event: unknown): void;
  /** The event being handled, when publishing from a consumer; null for an HTTP request. */
  causation: IncomingEvent | null;
  /** W3C trace context of the current unit of work (traceparent, tracestate, baggage). */
  traceContext(causation: IncomingEvent | null): Record<string, string>;
}

export const outboxChannel = 'outbox';

/**
 * A publisher bound to one transaction: the event becomes visible to the relay only if the
 * state change it describes commits with it.
 */
export function outboxPublisher<M extends EventMapBase, P extends keyof M & string = keyof M & string>(
  tx: Tx,
  context: OutboxContext,
): Publisher<M, P> {
  return {
    async publish(topic, event) {
      context.validate(topic, event);
      const headers: Record<string, string> = {
        [headerNames.eventType]: topic,
        [headerNames.correlationId]: context.causation?.metadata.correlationId ?? event.orderId,
        [headerNames.producer]: context.producer,
        ...context.traceContext(context.causation),
      };
      if (context.causation) headers[headerNames.causationId] = context.causation.metadata.eventId;
      // The advisory lock serialises writers of one key until commit, and the id is drawn only
      // after it is granted: for any key, id order is commit order, which the relay keeps.
      // pg_notify is delivered at commit and wakes the relay at once.
      await inSpan(
        'outbox write',
        { attributes: { ...dbAttributes('insert', 'outbox'), 'event.type': topic } },
        () =>
          tx.execute(sql`
        with key_lock as (select pg_advisory_xact_lock(hashtextextended(${event.orderId}, 0)))
        insert into outbox (event_id, topic, message_key, payload, headers)
        select ${event.eventId}, ${topic}, ${event.orderId}, ${JSON.stringify(event)}::jsonb, ${JSON.stringify(headers)}::jsonb
        from key_lock
        returning pg_notify(${outboxChannel}, '')`),
      );
    },
  };
}
