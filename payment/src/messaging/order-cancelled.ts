import type { EventHandler } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { applyToPayment, type PaymentDeps } from './apply-to-payment';

/** Compensation: a completed charge is refunded; an order not charged yet never will be. */
export const onOrderCancelled =
  (deps: PaymentDeps): EventHandler<EventMap, 'order.cancelled'> =>
  async (event, context) => {
    const { orderId, customerId } = event.value;
    await applyToPayment(context, customerId, { type: 'OrderCancelled', orderId }, deps);
  };
