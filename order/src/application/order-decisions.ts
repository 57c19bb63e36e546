import {
  annotateActiveSpan,
  type Handled,
  handleWithDecider,
  type ServiceDeps,
  sagaAttributes,
  type UnitOfWork,
} from '@saga/saga-runtime';
import type { EventMap, ProducedBy } from '@saga/schemas';
import { placedOrders } from '../db/order-store';
import { type Order, type OrderCommand, type OrderEvent, orderDecider } from '../domain/order';
import { countOrder, type OrderMetricsDeps } from './order-metrics';

export interface OrderDeps extends Pick<ServiceDeps<unknown>, 'clock' | 'newId'>, OrderMetricsDeps {}

export type ExistingOrderCommand = Exclude<OrderCommand, { type: 'PlaceOrder' }>;

/**
 * Every command about an order already placed, in the caller's transaction; when the saga's
 * status moves, it is counted once that transaction has committed, and the active span says how it ended.
 */
export async function decideAboutOrder(
  unit: UnitOfWork<EventMap, ProducedBy<'order'>>,
  deps: OrderDeps,
  command: ExistingOrderCommand,
): Promise<Handled<Order | null, Order, OrderEvent>> {
  const handled = await handleWithDecider(unit, orderDecider, placedOrders, command, {
    now: deps.clock(),
    newId: deps.newId,
  });
  const { before, state } = handled;
  if (state.status !== before?.status) {
    unit.afterCommit(() => countOrder(deps, before, state));
    annotateActiveSpan({
      [sagaAttributes.orderId]: state.orderId,
      [sagaAttributes.customerId]: state.customerId,
      [sagaAttributes.outcome]: state.status,
      ...(state.cancellationReason ? { [sagaAttributes.reason]: state.cancellationReason } : {}),
    });
  }
  return handled;
}
