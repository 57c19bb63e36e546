/** Kafka header names every event carries (values are strings). */
export const headerNames = {
  eventId: 'event-id',
  eventType: 'event-type',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  producer: 'producer',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  baggage: 'baggage',
} as const;

/** What a dead letter carries besides its original headers: a public contract of the `.dlq` topics. */
export const deadLetterHeaders = {
  errorCode: 'dlq-error-code',
  errorMessage: 'dlq-error-message',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

const deadLetterPrefix = 'dlq-';

export function readHeaders(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined) result[name] = value.toString();
  }
  return result;
}

/** The headers a dead letter had before it was dead-lettered, for publishing it again. */
export function originalHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(deadLetterPrefix)));
}
