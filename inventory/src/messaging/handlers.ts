import type { HandlerMap } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import type { Clock } from './apply-to-inventory';
import { onOrderCancelled } from './order-cancelled';
import { onOrderConfirmed } from './order-confirmed';
import { onOrderCreated } from './order-created';

/** Everything inventory consumes; main.ts and the integration test dispatch to the same map. */
export const inventoryHandlers = (deps: Clock): HandlerMap<EventMap> => ({
  'order.created': onOrderCreated(deps),
  'order.confirmed': onOrderConfirmed(deps),
  'order.cancelled': onOrderCancelled(deps),
});
