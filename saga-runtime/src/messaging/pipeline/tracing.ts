import { type Link, trace } from '@opentelemetry/api';
import { contextFrom, inSpan, SpanKind, sagaAttributes } from '../../telemetry/spans';
import { headerNames } from '../headers';
import type { RawMessage } from '../message';

/**
 * Continues the trace the event's `traceparent` carries: a CONSUMER span, child of the relay's
 * publish span, is active while the message's handler runs, so the events it writes to its
 * outbox carry the same trace on.
 */
export function tracing(groupId: string) {
  return <T>(message: RawMessage, work: () => Promise<T>): Promise<T> =>
    inSpan(
      `${message.topic} process`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextFrom(message.headers),
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': message.topic,
          'messaging.destination.partition.id': String(message.partition),
          'messaging.kafka.offset': Number(message.offset),
          'messaging.consumer.group.name': groupId,
          'messaging.message.id': message.headers[headerNames.eventId] ?? '',
          [sagaAttributes.eventType]: message.headers[headerNames.eventType] ?? message.topic,
          [sagaAttributes.eventId]: message.headers[headerNames.eventId] ?? '',
          [sagaAttributes.orderId]:
            message.key?.toString() ?? message.headers[headerNames.correlationId] ?? '',
        },
      },
      work,
    );
}

/** Links to the traces of a run's messages, for a span that serves them all (the run's transaction). */
export function linksOf(messages: RawMessage[]): Link[] {
  return messages.flatMap((message) => {
    const context = trace.getSpanContext(contextFrom(message.headers));
    return context ? [{ context }] : [];
  });
}
