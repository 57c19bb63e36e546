import { inOwnTransaction, type Logger, type OwnTransactionDeps } from '@saga/saga-runtime';
import type { EventMap, ProducedBy } from '@saga/schemas';
import { decideAboutOrder, type OrderDeps } from './order-decisions';

export interface TimeOutOrderDeps extends OrderDeps, OwnTransactionDeps {
  logger: Logger;
}

/**
 * No saga stays PENDING forever: an order past its deadline is cancelled with TIMED_OUT through
 * the normal path (state + order.cancelled in one transaction), so inventory and payment
 * compensate. Asked twice (two instances sweeping), the row lock and the rules make the second a no-op.
 */
export async function timeOutOrder(deps: TimeOutOrderDeps, orderId: string): Promise<void> {
  const { events } = await inOwnTransaction<EventMap, { events: unknown[] }, ProducedBy<'order'>>(
    deps,
    (unit) => decideAboutOrder(unit, deps, { type: 'DeadlinePassed', orderId }),
  );
  if (events.length > 0) {
    deps.logger.info('saga step', { order_id: orderId, event_type: 'order.cancelled', reason: 'TIMED_OUT' });
  }
}
