import { headerNames } from './headers';

/** The fields every event of the saga has, whatever its topic. */
export interface SagaEvent {
  eventId: string;
  orderId: string;
  occurredAt: number;
}

export type EventMapBase = { [topic: string]: SagaEvent };

export interface EventMetadata {
  eventId: string;
  eventType: string;
  correlationId: string;
  causationId: string | null;
  producer: string;
  traceparent: string | null;
}

/** An event as a handler sees it: decoded, with where it came from. */
export interface IncomingEvent<
  M extends EventMapBase = EventMapBase,
  T extends keyof M & string = keyof M & string,
> {
  topic: T;
  partition: number;
  offset: string;
  key: string | null;
  value: M[T];
  metadata: EventMetadata;
}

export function metadataFrom(
  headers: Record<string, string>,
  topic: string,
  value: SagaEvent,
): EventMetadata {
  return {
    eventId: headers[headerNames.eventId] ?? value.eventId,
    eventType: headers[headerNames.eventType] ?? topic,
    correlationId: headers[headerNames.correlationId] ?? value.orderId,
    causationId: headers[headerNames.causationId] ?? null,
    producer: headers[headerNames.producer] ?? 'unknown',
    traceparent: headers[headerNames.traceparent] ?? null,
  };
}
