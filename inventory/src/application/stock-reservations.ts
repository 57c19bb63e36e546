import { type HandlerContext, handleWithDecider, type ServiceDeps } from '@saga/saga-runtime';
import type { EventMap, ProducedBy } from '@saga/schemas';
import { inventoryStore } from '../db/inventory-store';
import { type InventoryCommand, inventoryDecider } from '../domain/inventory';

export type InventoryDeps = Pick<ServiceDeps<unknown>, 'clock' | 'newId'>;

/** The consumer's transaction, outbox and logger (whose lines name the order and event). */
type Unit = Pick<HandlerContext<EventMap, ProducedBy<'inventory'>>, 'tx' | 'publish' | 'logger'>;

type Command<T extends InventoryCommand['type']> = Omit<Extract<InventoryCommand, { type: T }>, 'type'>;

/** In the consumer's transaction: the stock moves and its events commit together or not at all. */
async function decideForOrder(unit: Unit, deps: InventoryDeps, command: InventoryCommand) {
  const now = deps.clock();
  return handleWithDecider(unit, inventoryDecider, inventoryStore(now), command, { now, newId: deps.newId });
}

/** A new order: reserve every line or none, and say which (inventory.reserved or inventory.rejected). */
export async function reserveStock(unit: Unit, deps: InventoryDeps, order: Command<'OrderCreated'>) {
  const { before, state } = await decideForOrder(unit, deps, { type: 'OrderCreated', ...order });
  const previous = before.reservation;
  if (previous?.status === 'CANCELLED') {
    unit.logger.info('order was cancelled before it reached inventory; nothing reserved');
  } else if (previous) {
    unit.logger.info('order already handled; nothing to do', { status: previous.status });
  } else {
    unit.logger.info('order handled', { status: state.reservation?.status });
  }
}

/** The order was paid: its reserved stock is committed (it leaves the warehouse). */
export async function commitStock(unit: Unit, deps: InventoryDeps, order: Command<'OrderConfirmed'>) {
  const { before } = await decideForOrder(unit, deps, { type: 'OrderConfirmed', ...order });
  if (before.reservation?.status !== 'RESERVED') {
    unit.logger.info('confirmed order has no RESERVED reservation; nothing to commit', {
      status: before.reservation?.status ?? null,
    });
  }
}

/** Compensation: stock reserved or committed for the order goes back (inventory.released). */
export async function releaseStock(unit: Unit, deps: InventoryDeps, order: Command<'OrderCancelled'>) {
  const { before, events } = await decideForOrder(unit, deps, { type: 'OrderCancelled', ...order });
  if (!before.reservation) {
    // Its order.created is still on the way; the tombstone makes it reserve nothing.
    unit.logger.info('order cancelled before it reached inventory; tombstone stored');
  } else if (events.length > 0) {
    unit.logger.info('stock released', { from: before.reservation.status });
  }
}
