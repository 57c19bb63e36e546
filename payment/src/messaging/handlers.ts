import type { EventHandler, HandlerMap } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { chargeOrder, type PaymentDeps, refundOrder } from '../application/payments';

const onInventoryReserved =
  (deps: PaymentDeps): EventHandler<EventMap, 'inventory.reserved'> =>
  async ({ value: { orderId, customerId, totalCents, currency } }, unit) => {
    await chargeOrder(unit, deps, { orderId, customerId, amountCents: totalCents, currency });
  };

const onOrderCancelled =
  (deps: PaymentDeps): EventHandler<EventMap, 'order.cancelled'> =>
  async ({ value: { orderId, customerId } }, unit) => {
    await refundOrder(unit, deps, { orderId, customerId });
  };

/** Everything payment consumes; main.ts and the integration test dispatch to the same map. */
export const paymentHandlers = (deps: PaymentDeps): HandlerMap<EventMap> => ({
  'inventory.reserved': onInventoryReserved(deps),
  'order.cancelled': onOrderCancelled(deps),
});
