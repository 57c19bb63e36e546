import { handleWithDecider, type ServiceDeps, type UnitOfWork } from '@saga/saga-runtime';
import type { EventMap, ProducedBy } from '@saga/schemas';
import { paymentStore } from '../db/payment-store';
import { type PaymentCommand, paymentDecider } from '../domain/payment';

export interface PaymentDeps extends Pick<ServiceDeps<unknown>, 'clock' | 'newId'> {
  /** Balance of an account opened because the saga sees its customer for the first time. */
  openingBalanceCents: number;
}

type Command<T extends PaymentCommand['type']> = Omit<Extract<PaymentCommand, { type: T }>, 'type'>;

/** In the consumer's transaction: the money moves and its events commit together or not at all. */
async function decideForOrder(
  unit: UnitOfWork<EventMap, ProducedBy<'payment'>>,
  deps: PaymentDeps,
  command: PaymentCommand,
) {
  const now = deps.clock();
  const store = paymentStore(deps.openingBalanceCents, now);
  await handleWithDecider(unit, paymentDecider, store, command, { now, newId: deps.newId });
}

/** Stock is set aside and priced: charge the customer the total, or decline if the balance falls short. */
export function chargeOrder(
  unit: UnitOfWork<EventMap, ProducedBy<'payment'>>,
  deps: PaymentDeps,
  charge: Command<'InventoryReserved'>,
) {
  return decideForOrder(unit, deps, { type: 'InventoryReserved', ...charge });
}

/** Compensation: a completed charge is refunded; an order not charged yet never will be. */
export function refundOrder(
  unit: UnitOfWork<EventMap, ProducedBy<'payment'>>,
  deps: PaymentDeps,
  order: Command<'OrderCancelled'>,
) {
  return decideForOrder(unit, deps, { type: 'OrderCancelled', ...order });
}
