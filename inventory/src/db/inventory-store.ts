import type { DeciderStore } from '@saga/saga-runtime';
import { type InventoryCommand, type InventoryState, skusToLock } from '../domain/inventory';
import { lockProducts, saveStock } from './products';
import { insertReservation, lockReservation, updateReservation } from './reservations';

/**
 * One order's reservation and the products it involves: the order is locked first, then its
 * products in sku order. `now` stamps the products whose stock moved.
 */
export function inventoryStore(now: Date): DeciderStore<InventoryState, InventoryCommand> {
  return {
    async load(tx, command) {
      const reservation = await lockReservation(tx, command.orderId);
      return { reservation, products: await lockProducts(tx, skusToLock(reservation, command)) };
    },
    async save(tx, before, after) {
      const moved = after.products.filter((product) => !before.products.includes(product));
      const reservation = after.reservation !== before.reservation ? after.reservation : null;
      // One round trip for every write (see handleWithDecider).
      await Promise.all([
        saveStock(tx, moved, now),
        reservation &&
          (before.reservation ? updateReservation(tx, reservation) : insertReservation(tx, reservation)),
      ]);
    },
  };
}
