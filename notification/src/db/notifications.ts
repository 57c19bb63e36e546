import type { DeciderStore, Executor, Tx } from '@saga/saga-runtime';
import { and, asc, eq, sql } from 'drizzle-orm';
import { kindOf, type Notification, type NotificationKind, type Outcome } from '../domain/notification';
import { notifications } from './schema';

/**
 * Serialises the handlers of one outcome of one order until the transaction ends, then reads its
 * notification: before the first one there is no row to lock.
 */
async function lockNotification(
  tx: Tx,
  orderId: string,
  kind: NotificationKind,
): Promise<Notification | null> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`notification:${orderId}:${kind}`}, 0))`,
  );
  const [row] = await tx
    .select()
    .from(notifications)
    .where(and(eq(notifications.orderId, orderId), eq(notifications.kind, kind)));
  return row ?? null;
}

/** The notification of one outcome of one order; the (order_id, kind) constraint backs the lock up. */
export const notificationStore: DeciderStore<Notification | null, Outcome, Notification> = {
  load: (tx, outcome) => lockNotification(tx, outcome.event.orderId, kindOf(outcome)),
  async save(tx, _before, notification) {
    await tx.insert(notifications).values(notification);
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
