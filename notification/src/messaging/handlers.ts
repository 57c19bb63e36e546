import type { HandlerMap } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { onOrderCancelled } from './order-cancelled';
import { onOrderConfirmed } from './order-confirmed';
import type { Clock } from './send-notification';

/** Everything notification consumes; main.ts and the integration test dispatch to the same map. */
export const notificationHandlers = (deps: Clock): HandlerMap<EventMap> => ({
  'order.confirmed': onOrderConfirmed(deps),
  'order.cancelled': onOrderCancelled(deps),
});
