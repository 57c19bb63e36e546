import { randomBytes } from 'node:crypto';
import { context, propagation, trace } from '@opentelemetry/api';
import type { IncomingEvent } from '../messaging/event';

/**
 * The W3C trace context an outbox row keeps, so the relay and the consumers downstream continue
 * the trace of the transaction that wrote it. Without an active span (tracing off), the trace of
 * the causing event is carried on, or a new one begun, so every event still has a traceparent.
 */
export function traceContextFor(causation: IncomingEvent | null): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (carrier.traceparent) return carrier;
  const traceId = causation?.metadata.traceparent?.split('-')[1] ?? randomBytes(16).toString('hex');
  return { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
}

/** Every log line written while a span is active names its trace and span, so logs and traces join. */
export function traceLogFields(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span)
    ? { trace_id: span.traceId, span_id: span.spanId }
    : undefined;
}
