import { randomBytes } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
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
