import type { UnitOfWork } from '@saga/saga-runtime';
import type { EventMap, ProducedBy } from '@saga/schemas';
import type { OrderCommand } from '../domain/order';
import { decideAboutOrder, type OrderDeps } from './order-decisions';

/** What the other services report about an order's saga. */
export type SagaOutcome = Extract<
  OrderCommand,
  { type: 'PaymentCompleted' | 'PaymentDeclined' | 'InventoryRejected' }
>;

/**
 * Payment charged or declined, or inventory could not reserve: the order is confirmed or
 * cancelled, in the consumer's transaction, its event caused by the outcome.
 */
export async function reactToOutcome(
  unit: UnitOfWork<EventMap, ProducedBy<'order'>>,
  deps: OrderDeps,
  outcome: SagaOutcome,
): Promise<void> {
  await decideAboutOrder(unit, deps, outcome);
}
