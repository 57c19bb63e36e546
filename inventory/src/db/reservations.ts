import { readUnderKeyLock, type Tx } from '@saga/saga-runtime';
import { eq } from 'drizzle-orm';
import type { Reservation } from '../domain/inventory';
import { reservations } from './schema';

/**
 * Serialises every handler of one order until the transaction ends, then reads its reservation.
 * A row lock would not do: before the first event of an order there is no row to lock, and
 * order.created and order.cancelled may arrive at the same time.
 */
export async function lockReservation(tx: Tx, orderId: string): Promise<Reservation | null> {
  const [row] = await readUnderKeyLock(tx, `reservation:${orderId}`, () =>
    tx.select().from(reservations).where(eq(reservations.orderId, orderId)),
  );
  return row ?? null;
}

export async function insertReservation(tx: Tx, reservation: Reservation): Promise<void> {
  await tx.insert(reservations).values(reservation);
}

/** Only the status moves once a reservation exists; its lines and prices are fixed when reserved. */
export async function updateReservation(tx: Tx, reservation: Reservation): Promise<void> {
  await tx
    .update(reservations)
    .set({ status: reservation.status, updatedAt: reservation.updatedAt })
    .where(eq(reservations.orderId, reservation.orderId));
}
