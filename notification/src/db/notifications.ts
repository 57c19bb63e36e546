import { type DeciderStore, type Executor, readUnderKeyLock, type Tx } from '@saga/saga-runtime';
import { asc, eq } from 'drizzle-orm';
import type { Notification, Outcome, Told } from '../domain/notification';
import { notifications } from './schema';

/**
 * Serialises the handlers of one order's outcomes until the transaction ends, then reads what its
 * customer was told: the two outcomes arrive on different topics, possibly at once, and each must
 * see the other's notification to tell them in the order's history order. Before the first
 * notification there is no row to lock.
 */
function lockNotifications(tx: Tx, orderId: string): Promise<Told> {
  return readUnderKeyLock(tx, `notification:${orderId}`, () => listNotifications(tx, orderId));
}

/** An order's notifications; the (order_id, kind) constraint backs the lock up. */
export const notificationStore: DeciderStore<Told, Outcome, Told> = {
  load: (tx, outcome) => lockNotifications(tx, outcome.event.orderId),
  async save(tx, before, after) {
    // A decision only ever adds the notification of the outcome it was about.
    const added = after.filter((notification) => !before.includes(notification));
    if (added.length > 0) await tx.insert(notifications).values(added);
  },
};

/** An order's notifications, oldest first. */
export async function listNotifications(db: Executor, orderId: string): Promise<Notification[]> {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.orderId, orderId))
    .orderBy(asc(notifications.createdAt), asc(notifications.notificationId));
}
