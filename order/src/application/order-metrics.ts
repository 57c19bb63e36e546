import { Counter, type Metrics } from '@saga/saga-runtime';
import type { Order } from '../domain/order';

export interface OrderMetricsDeps {
  /** Where saga_orders_total is counted; tests that do not read it leave it out. */
  metrics?: Pick<Metrics, 'registry'>;
}

const name = 'saga_orders_total';

/**
 * The order service's own counter, on the service's registry. Routes, handlers and the sweeper are
 * built apart from one another, so each finds the one counter rather than registering it again.
 */
export function ordersCounter(metrics: Pick<Metrics, 'registry'>): Counter<'event' | 'reason'> {
  const registered = metrics.registry.getSingleMetric(name) as Counter<'event' | 'reason'> | undefined;
  return (
    registered ??
    new Counter({
      name,
      help: 'Orders created, confirmed and cancelled (by reason)',
      labelNames: ['event', 'reason'],
      registers: [metrics.registry],
    })
  );
}

/** Counts an order that has just been created, confirmed or cancelled (by reason). */
export function countOrder(deps: OrderMetricsDeps, order: Order): void {
  if (!deps.metrics) return;
  ordersCounter(deps.metrics).inc({
    event: order.status === 'PENDING' ? 'created' : order.status.toLowerCase(),
    reason: order.cancellationReason ?? '',
  });
}
