import type { Handlers } from '@saga/saga-runtime';
import type { ContractOf } from '@saga/schemas';
import { chargeOrder, type PaymentDeps, refundOrder } from '../application/payments';

/** Everything payment consumes, one use case each; main.ts and the integration test use the same map. */
export const paymentHandlers = (deps: PaymentDeps): Handlers<ContractOf<'payment'>> => ({
  'inventory.reserved': ({ value: { orderId, customerId, totalCents, currency } }, unit) =>
    chargeOrder(unit, deps, { orderId, customerId, amountCents: totalCents, currency }),
  'order.cancelled': ({ value: { orderId, customerId } }, unit) =>
    refundOrder(unit, deps, { orderId, customerId }),
});
