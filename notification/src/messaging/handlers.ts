import type { EventHandler, HandlerMap } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { type NotificationDeps, notifyCustomer } from '../application/notify-customer';

/** The saga ended successfully: the customer hears that the order is confirmed. */
const onOrderConfirmed =
  (deps: NotificationDeps): EventHandler<EventMap, 'order.confirmed'> =>
  async ({ value }, unit) => {
    await notifyCustomer(unit, deps, { topic: 'order.confirmed', event: value });
  };

/** The order will not be fulfilled (also after a confirmation): the customer hears why. */
const onOrderCancelled =
  (deps: NotificationDeps): EventHandler<EventMap, 'order.cancelled'> =>
  async ({ value }, unit) => {
    await notifyCustomer(unit, deps, { topic: 'order.cancelled', event: value });
  };

/** Everything notification consumes; main.ts and the integration test dispatch to the same map. */
export const notificationHandlers = (deps: NotificationDeps): HandlerMap<EventMap> => ({
  'order.confirmed': onOrderConfirmed(deps),
  'order.cancelled': onOrderCancelled(deps),
});
