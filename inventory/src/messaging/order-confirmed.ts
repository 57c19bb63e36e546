import type { EventHandler } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { applyToInventory, type Clock } from './apply-to-inventory';

/** The order was paid: its reserved stock is committed (it leaves the warehouse). */
export const onOrderConfirmed =
  (deps: Clock): EventHandler<EventMap, 'order.confirmed'> =>
  async (event, context) => {
    const { previous } = await applyToInventory(
      context,
      { type: 'OrderConfirmed', orderId: event.value.orderId },
      deps,
    );
    if (previous?.status !== 'RESERVED') {
      context.logger.info('confirmed order has no RESERVED reservation; nothing to commit', {
        status: previous?.status ?? null,
      });
    }
  };
