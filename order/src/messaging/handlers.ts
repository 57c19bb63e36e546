import type { EventHandler, HandlerMap } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import type { OrderDeps } from '../application/order-decisions';
import { reactToOutcome } from '../application/react-to-outcome';

/** Payment charged the order: it is confirmed. */
const onPaymentCompleted =
  (deps: OrderDeps): EventHandler<EventMap, 'payment.completed'> =>
  async ({ value }, unit) => {
    await reactToOutcome(unit, deps, {
      type: 'PaymentCompleted',
      orderId: value.orderId,
      amountCents: value.amountCents,
    });
  };

/** The customer could not pay: the order is cancelled, inventory releases its stock on order.cancelled. */
const onPaymentDeclined =
  (deps: OrderDeps): EventHandler<EventMap, 'payment.declined'> =>
  async ({ value: { orderId, amountCents, detail } }, unit) => {
    await reactToOutcome(unit, deps, { type: 'PaymentDeclined', orderId, amountCents, detail });
  };

/** Nothing was reserved (out of stock or unknown sku): the order is cancelled with that reason. */
const onInventoryRejected =
  (deps: OrderDeps): EventHandler<EventMap, 'inventory.rejected'> =>
  async ({ value: { orderId, reason, detail } }, unit) => {
    await reactToOutcome(unit, deps, { type: 'InventoryRejected', orderId, reason, detail });
  };

/** The order service's part of the saga (group `order-service`). */
export const orderHandlers = (deps: OrderDeps): HandlerMap<EventMap> => ({
  'payment.completed': onPaymentCompleted(deps),
  'payment.declined': onPaymentDeclined(deps),
  'inventory.rejected': onInventoryRejected(deps),
});
