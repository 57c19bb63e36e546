import type { Handlers } from '@saga/saga-runtime';
import type { ContractOf } from '@saga/schemas';
import {
  commitStock,
  type InventoryDeps,
  releaseStock,
  reserveStock,
} from '../application/stock-reservations';

/** Everything inventory consumes, one use case each; main.ts and the integration test use the same map. */
export const inventoryHandlers = (deps: InventoryDeps): Handlers<ContractOf<'inventory'>> => ({
  'order.created': ({ value: { orderId, customerId, currency, items } }, unit) =>
    reserveStock(unit, deps, { orderId, customerId, currency, items }),
  'order.confirmed': ({ value: { orderId } }, unit) => commitStock(unit, deps, { orderId }),
  'order.cancelled': ({ value: { orderId, customerId } }, unit) =>
    releaseStock(unit, deps, { orderId, customerId }),
});
