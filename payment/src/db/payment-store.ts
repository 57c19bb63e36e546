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
      return {
        orderId,
        account,
        payment: await findPaymentByOrder(tx, orderId),
        cancelled: await isOrderCancelled(tx, orderId),
      };
    },
    async save(tx, before, after) {
      if (after.account !== before.account) await saveAccount(tx, after.account);
      if (after.payment && after.payment !== before.payment) {
        await (before.payment ? savePayment(tx, after.payment) : insertPayment(tx, after.payment));
      }
      if (after.cancelled && !before.cancelled) await recordCancellation(tx, after.orderId, now);
    },
  };
}
