import type { HandlerMap } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import type { PaymentDeps } from './apply-to-payment';
import { onInventoryReserved } from './inventory-reserved';
import { onOrderCancelled } from './order-cancelled';

/** Everything payment consumes; main.ts and the integration test dispatch to the same map. */
export const paymentHandlers = (deps: PaymentDeps): HandlerMap<EventMap> => ({
  'inventory.reserved': onInventoryReserved(deps),
  'order.cancelled': onOrderCancelled(deps),
});
