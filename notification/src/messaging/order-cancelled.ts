import type { EventHandler } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { type Clock, sendNotification } from './send-notification';

/** The order will not be fulfilled (also after a confirmation): the customer hears why. */
export const onOrderCancelled =
  (deps: Clock): EventHandler<EventMap, 'order.cancelled'> =>
  async (event, context) => {
    await sendNotification(context, { topic: 'order.cancelled', event: event.value }, deps);
  };
