import { Counter, Histogram, type Metrics } from '@saga/saga-runtime';
import type { Order } from '../domain/order';

export interface OrderMetricsDeps {
  /** Where the order service's metrics are counted; tests that do not read them leave it out. */
  metrics?: Pick<Metrics, 'registry'>;
}

/**
 * The order service's own metrics, on the service's registry. Routes, handlers and the sweeper are
 * built apart from one another, so each finds the same metrics rather than registering them again.
 *
 * Counted as orders change, not read from the orders table on scrape as the outbox gauges are:
 * that table is never pruned, so each scrape would count more rows, and a histogram of saga
 * durations has to see each saga as it ends.
 */
export function orderMetrics(metrics: Pick<Metrics, 'registry'>) {
  const { registry } = metrics;
  const registered = <T>(name: string, create: (name: string) => T): T =>
    (registry.getSingleMetric(name) as T | undefined) ?? create(name);
  return {
    orders: registered(
      'saga_orders_total',
      (name) =>
        new Counter<'event' | 'reason'>({
          name,
          help: 'Orders created, confirmed and cancelled (by reason)',
          labelNames: ['event', 'reason'],
          registers: [registry],
        }),
    ),
    sagaDuration: registered(
      'saga_duration_seconds',
      (name) =>
        new Histogram<'outcome' | 'reason'>({
          name,
          help: 'Time from the order created to its saga settled, by outcome and cancellation reason',
          labelNames: ['outcome', 'reason'],
          // Up to the default saga deadline (300 s) and past it: a timed-out saga settles just after.
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
          registers: [registry],
        }),
    ),
  };
}

/**
 * Counts an order just created, confirmed or cancelled (by reason) and, when that ended its saga,
 * how long the saga took. Called once the change has committed, so that nothing is counted twice.
 */
export function countOrder(deps: OrderMetricsDeps, before: Order | null, order: Order): void {
  if (!deps.metrics) return;
  const { orders, sagaDuration } = orderMetrics(deps.metrics);
  const outcome = order.status.toLowerCase();
  const reason = order.cancellationReason ?? '';
  orders.inc({ event: order.status === 'PENDING' ? 'created' : outcome, reason });
  // A customer cancelling a confirmed order changes it, but its saga had already settled.
  if (order.settledAt && !before?.settledAt) {
    sagaDuration.observe({ outcome, reason }, (order.settledAt.getTime() - order.createdAt.getTime()) / 1000);
  }
}
