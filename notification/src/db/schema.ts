import type { CancellationReason } from '@saga/schemas';
import { pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { Channel, Delivery, NotificationKind } from '../domain/notification';

export const notifications = pgTable(
  'notifications',
  {
    notificationId: uuid('notification_id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    customerId: text('customer_id').notNull(),
    kind: text('kind').$type<NotificationKind>().notNull(),
    reason: text('reason').$type<CancellationReason>(),
    channel: text('channel').$type<Channel>().notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    eventId: uuid('event_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    // Rows from before suppression existed were all sent.
    delivery: text('delivery').$type<Delivery>().notNull().default('SENT'),
    suppressedBy: uuid('suppressed_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    // One notification per outcome of an order, even for a second event with a new id (e.g. a
    // republished copy) that the inbox cannot recognise; it also serves the lookup by order.
    unique('notifications_order_kind').on(table.orderId, table.kind),
  ],
);
