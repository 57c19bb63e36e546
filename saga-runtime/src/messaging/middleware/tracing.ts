import { contextFrom, inSpan, SpanKind, sagaAttributes } from '../../telemetry/spans';
import { headerNames } from '../event';
import type { Middleware } from '../message';

/**
 * Continues the trace the event's `traceparent` carries: a CONSUMER span, child of the relay's
 * publish span, is active while the message is handled, so the events the handler writes to its
 * outbox carry the same trace on.
 */
export function tracing(groupId: string): Middleware {
  return (next) => (message) =>
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
      () => next(message),
    );
}
