import type { Handlers } from '@saga/saga-runtime';
import type { ContractOf } from '@saga/schemas';
import { type NotificationDeps, notifyCustomer } from '../application/notify-customer';

/** Everything notification consumes: each outcome of an order is told to its customer. */
export const notificationHandlers = (deps: NotificationDeps): Handlers<ContractOf<'notification'>> => ({
  'order.confirmed': ({ value }, unit) =>
    notifyCustomer(unit, deps, { topic: 'order.confirmed', event: value }),
  'order.cancelled': ({ value }, unit) =>
    notifyCustomer(unit, deps, { topic: 'order.cancelled', event: value }),
});
