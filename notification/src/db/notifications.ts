import type { Executor } from '@saga/saga-runtime';
import { asc, eq } from 'drizzle-orm';
import type { Notification } from '../domain/notification';
import { notifications } from './schema';

/** Stores the notification; returns false when the order already has one of that kind. */
export async function insertNotification(db: Executor, notification: Notification): Promise<boolean> {
  const inserted = await db
    .insert(notifications)
    .values(notification)
    .onConflictDoNothing({ target: [notifications.orderId, notifications.kind] })
    .returning({ notificationId: notifications.notificationId });
  return inserted.length > 0;
}

/** An order's notifications, oldest first. */
export async function listNotifications(db: Executor, orderId: string): Promise<Notification[]> {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.orderId, orderId))
    .orderBy(asc(notifications.createdAt), asc(notifications.notificationId));
}
