import {
  annotateActiveSpan,
  Counter,
  type Handled,
  handleWithDecider,
  type Metrics,
  type ServiceDeps,
  sagaAttributes,
  type UnitOfWork,
} from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { placedOrders } from '../db/order-store';
import { type Order, type OrderCommand, type OrderEvent, orderDecider } from '../domain/order';

export interface OrderDeps extends Pick<ServiceDeps<unknown>, 'clock' | 'newId'> {
  /** Where saga_orders_total is counted; tests that do not read it leave it out. */
  metrics?: Pick<Metrics, 'registry'>;
}

export type ExistingOrderCommand = Exclude<OrderCommand, { type: 'PlaceOrder' }>;

const ordersTotal = {
  name: 'saga_orders_total',
  help: 'Orders created, confirmed and cancelled (by reason)',
  labelNames: ['event', 'reason'] as const,
};

/**
 * The order service's own counter, on the service's registry. Routes, handlers and the sweeper are
 * built apart from one another, so each finds the one counter rather than registering it again.
 */
export function ordersCounter(metrics: Pick<Metrics, 'registry'>): Counter<'event' | 'reason'> {
  const registered = metrics.registry.getSingleMetric(ordersTotal.name) as Counter<'event' | 'reason'>;
  return (
    registered ??
    new Counter({ ...ordersTotal, labelNames: [...ordersTotal.labelNames], registers: [metrics.registry] })
  );
}

/** Counts an order that has just been created, confirmed or cancelled (by reason). */
export function countOrder(deps: OrderDeps, order: Order): void {
  if (!deps.metrics) return;
  ordersCounter(deps.metrics).inc({
    event: order.status === 'PENDING' ? 'created' : order.status.toLowerCase(),
    reason: order.cancellationReason ?? '',
  });
}

/**
 * Every command about an order already placed, in the caller's transaction; when the saga's
 * status moves, it is counted and the active span says how it ended.
 */
export async function decideAboutOrder(
  unit: UnitOfWork<EventMap>,
  deps: OrderDeps,
  command: ExistingOrderCommand,
): Promise<Handled<Order | null, Order, OrderEvent>> {
  const handled = await handleWithDecider(unit, orderDecider, placedOrders, command, {
    now: deps.clock(),
    newId: deps.newId,
  });
  const { before, state } = handled;
  if (state.status !== before?.status) {
    countOrder(deps, state);
    annotateActiveSpan({
      [sagaAttributes.orderId]: state.orderId,
      [sagaAttributes.customerId]: state.customerId,
      [sagaAttributes.outcome]: state.status,
      ...(state.cancellationReason ? { [sagaAttributes.reason]: state.cancellationReason } : {}),
    });
  }
  return handled;
}
