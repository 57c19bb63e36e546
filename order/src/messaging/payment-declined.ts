import type { EventHandler } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { applyToOrder, type Clock } from './apply-to-order';

/** The customer could not pay: the order is cancelled, inventory releases its stock on order.cancelled. */
export const onPaymentDeclined =
  (deps: Clock): EventHandler<EventMap, 'payment.declined'> =>
  async (event, context) => {
    const { orderId, amountCents, detail } = event.value;
    await applyToOrder(context, orderId, { type: 'PaymentDeclined', amountCents, detail }, deps);
  };
