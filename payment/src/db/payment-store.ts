import type { DeciderStore } from '@saga/saga-runtime';
import { openAccount, type PaymentCommand, type PaymentState } from '../domain/payment';
import { lockOrOpenAccount, saveAccount } from './accounts';
import {
  findPaymentByOrder,
  insertPayment,
  isOrderCancelled,
  recordCancellation,
  savePayment,
} from './payments';

/**
 * The customer's account (opened with `openingBalanceCents` the first time the customer is seen),
 * then the order's payment and tombstone. The account lock comes first and is taken by every
 * command, so a charge and a cancellation of the same order never interleave (they name the
 * same customer). `now` stamps what this store creates.
 */
export function paymentStore(
  openingBalanceCents: number,
  now: Date,
): DeciderStore<PaymentState, PaymentCommand> {
  return {
    async load(tx, { orderId, customerId }) {
      const account = await lockOrOpenAccount(tx, openAccount(customerId, openingBalanceCents, now));
      // Under the account's lock, both reads in one round trip.
      const [payment, cancelled] = await Promise.all([
        findPaymentByOrder(tx, orderId),
        isOrderCancelled(tx, orderId),
      ]);
      return { orderId, account, payment, cancelled };
    },
    async save(tx, before, after) {
      const payment = after.payment !== before.payment ? after.payment : null;
      // One round trip for every write (see handleWithDecider).
      await Promise.all([
        after.account !== before.account && saveAccount(tx, after.account),
        payment && (before.payment ? savePayment(tx, payment) : insertPayment(tx, payment)),
        after.cancelled && !before.cancelled && recordCancellation(tx, after.orderId, now),
      ]);
    },
  };
}
