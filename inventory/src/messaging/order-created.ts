import type { EventHandler } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { applyToInventory, type Clock } from './apply-to-inventory';

/** A new order: reserve every line or none, and say which (inventory.reserved or inventory.rejected). */
export const onOrderCreated =
  (deps: Clock): EventHandler<EventMap, 'order.created'> =>
  async (event, context) => {
    const { orderId, customerId, currency, items } = event.value;
    const { previous, decision } = await applyToInventory(
      context,
      { type: 'OrderCreated', orderId, customerId, currency, items },
      deps,
    );
    if (previous?.status === 'CANCELLED') {
      context.logger.info('order was cancelled before it reached inventory; nothing reserved');
    } else if (previous) {
      context.logger.info('order already handled; nothing to do', { status: previous.status });
    } else {
      context.logger.info('order handled', { status: decision.state.reservation?.status });
    }
  };
