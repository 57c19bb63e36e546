import { inOwnTransaction, type OwnTransactionDeps } from '@saga/saga-runtime';
import type { EventMap, ProducedBy } from '@saga/schemas';
import type { Order } from '../domain/order';
import { decideAboutOrder, type OrderDeps } from './order-decisions';

export type CancelOrderDeps = OrderDeps & OwnTransactionDeps;

/** The customer cancels, even a confirmed order: inventory and payment compensate on order.cancelled. */
export async function cancelOrder(deps: CancelOrderDeps, orderId: string): Promise<Order> {
  const { state } = await inOwnTransaction<EventMap, { state: Order }, ProducedBy<'order'>>(deps, (unit) =>
    decideAboutOrder(unit, deps, { type: 'CancelByCustomer', orderId }),
  );
  return state;
}
