import type { EventHandler } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { applyToInventory, type Clock } from './apply-to-inventory';

/** Compensation: stock reserved or committed for the order goes back (inventory.released). */
export const onOrderCancelled =
  (deps: Clock): EventHandler<EventMap, 'order.cancelled'> =>
  async (event, context) => {
    const { orderId, customerId } = event.value;
    const { previous, decision } = await applyToInventory(
      context,
      { type: 'OrderCancelled', orderId, customerId },
      deps,
    );
    if (!previous) {
      // Its order.created is still on the way; the tombstone makes it reserve nothing.
      context.logger.info('order cancelled before it reached inventory; tombstone stored');
    } else if (decision.events.length > 0) {
      context.logger.info('stock released', { from: previous.status });
    }
  };
