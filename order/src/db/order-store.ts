import type { DeciderStore } from '@saga/saga-runtime';
import type { Order, OrderCommand } from '../domain/order';
import { insertOrder, lockOrder, type Placement, saveOrder } from './orders';

type OrderStore = DeciderStore<Order | null, OrderCommand, Order>;

/** A concurrent request stored the same idempotency key first; this request's order must not exist. */
export class IdempotencyKeyTaken extends Error {}

/** Orders already placed, row-locked so that one order's commands are decided one at a time. */
export const placedOrders: OrderStore = {
  load: (tx, command) => lockOrder(tx, command.orderId),
  save: (tx, _before, after) => saveOrder(tx, after),
};

/** A new order, stored with how it was asked for; its id is new, so there is nothing to load. */
export function newOrder(placement: Placement): OrderStore {
  return {
    load: async () => null,
    async save(tx, _before, after) {
      // Thrown, not returned: the transaction must roll back before order.created is published.
      if (!(await insertOrder(tx, after, placement))) throw new IdempotencyKeyTaken();
    },
  };
}
