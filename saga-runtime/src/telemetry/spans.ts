import {
  type Attributes,
  type Context,
  context,
  type Link,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/** Attribute names that make a saga searchable in Jaeger (`order.id=<uuid>` finds its trace). */
export const sagaAttributes = {
  orderId: 'order.id',
  customerId: 'customer.id',
  eventType: 'event.type',
  eventId: 'event.id',
  outcome: 'saga.outcome',
  reason: 'saga.reason',
} as const;

export const tracer = () => trace.getTracer('saga-runtime');

/** The context a W3C carrier (Kafka headers, an outbox row's stored headers) describes. */
export function contextFrom(carrier: Record<string, string>): Context {
  return propagation.extract(context.active(), carrier);
}

/** The traceparent/tracestate/baggage of `ctx`, to store with an outbox row or send as headers. */
export function carrierOf(ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** Runs `work` in a new active span; records a thrown error on it and rethrows. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context; links?: Link[] },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : new Error(String(error)));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

/** Tags the active span (e.g. the order service marks the saga's outcome). */
export function annotateActiveSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

export { SpanKind };

/** The attributes of a database span, for the transactions that matter (postgres.js has no instrumentation). */
export const dbAttributes = (operation: string, table?: string): Attributes => ({
  'db.system.name': 'postgresql',
  'db.operation.name': operation,
  ...(table ? { 'db.collection.name': table } : {}),
});
