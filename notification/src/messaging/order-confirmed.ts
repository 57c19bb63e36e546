import type { EventHandler } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { type Clock, sendNotification } from './send-notification';

/** The saga ended successfully: the customer hears that the order is confirmed. */
export const onOrderConfirmed =
  (deps: Clock): EventHandler<EventMap, 'order.confirmed'> =>
  async (event, context) => {
    await sendNotification(context, { topic: 'order.confirmed', event: event.value }, deps);
  };
