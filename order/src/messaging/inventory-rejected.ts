import type { EventHandler } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { applyToOrder, type Clock } from './apply-to-order';

/** Nothing was reserved (out of stock or unknown sku): the order is cancelled with that reason. */
export const onInventoryRejected =
  (deps: Clock): EventHandler<EventMap, 'inventory.rejected'> =>
  async (event, context) => {
    const { orderId, reason, detail } = event.value;
    await applyToOrder(context, orderId, { type: 'InventoryRejected', reason, detail }, deps);
  };
