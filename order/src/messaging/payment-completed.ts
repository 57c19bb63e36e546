import type { EventHandler } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { applyToOrder, type Clock } from './apply-to-order';

/** Payment charged the order: it is confirmed. */
export const onPaymentCompleted =
  (deps: Clock): EventHandler<EventMap, 'payment.completed'> =>
  async (event, context) => {
    await applyToOrder(
      context,
      event.value.orderId,
      { type: 'PaymentCompleted', amountCents: event.value.amountCents },
      deps,
    );
  };
