import type { HandlerContext } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { lockProducts, saveStock } from '../db/products';
import { insertReservation, lockReservation, updateReservation } from '../db/reservations';
import {
  type Decision,
  decide,
  type InventoryInput,
  type Reservation,
  skusToLock,
} from '../domain/inventory';

export interface Clock {
  clock(): Date;
  newId(): string;
}

export interface Applied {
  /** The order's reservation before this input, for the handler's log lines. */
  previous: Reservation | null;
  decision: Decision;
}

/**
 * Lock (the order, then its products in sku order) → decide → save what changed → publish, all
 * inside the handler's transaction: the stock moves and its events commit together or not at all.
 */
export async function applyToInventory(
  context: Pick<HandlerContext<EventMap>, 'tx' | 'publish'>,
  input: InventoryInput,
  { clock, newId }: Clock,
): Promise<Applied> {
  const { tx } = context;
  const reservation = await lockReservation(tx, input.orderId);
  const products = await lockProducts(tx, skusToLock(reservation, input));
  const now = clock();
  const decision = decide({ reservation, products }, input, { now, newId });

  const next = decision.state;
  await saveStock(
    tx,
    next.products.filter((product) => !products.includes(product)),
    now,
  );
  if (next.reservation && next.reservation !== reservation) {
    await (reservation ? updateReservation(tx, next.reservation) : insertReservation(tx, next.reservation));
  }
  for (const { topic, event } of decision.events) await context.publish(topic, event);
  return { previous: reservation, decision };
}
