import type { EventHandler, HandlerMap } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import {
  commitStock,
  type InventoryDeps,
  releaseStock,
  reserveStock,
} from '../application/stock-reservations';

const onOrderCreated =
  (deps: InventoryDeps): EventHandler<EventMap, 'order.created'> =>
  async ({ value: { orderId, customerId, currency, items } }, unit) => {
    await reserveStock(unit, deps, { orderId, customerId, currency, items });
  };

const onOrderConfirmed =
  (deps: InventoryDeps): EventHandler<EventMap, 'order.confirmed'> =>
  async ({ value: { orderId } }, unit) => {
    await commitStock(unit, deps, { orderId });
  };

const onOrderCancelled =
  (deps: InventoryDeps): EventHandler<EventMap, 'order.cancelled'> =>
  async ({ value: { orderId, customerId } }, unit) => {
    await releaseStock(unit, deps, { orderId, customerId });
  };

/** Everything inventory consumes; main.ts and the integration test dispatch to the same map. */
export const inventoryHandlers = (deps: InventoryDeps): HandlerMap<EventMap> => ({
  'order.created': onOrderCreated(deps),
  'order.confirmed': onOrderConfirmed(deps),
  'order.cancelled': onOrderCancelled(deps),
});
