import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { DeclineReason, PaymentStatus } from '../domain/payment';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const accounts = pgTable(
  'accounts',
  {
    customerId: text('customer_id').primaryKey(),
    balanceCents: bigint('balance_cents', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  // The last line of defence against overdrawing: a bug in the rules fails the transaction instead.
  (table) => [check('accounts_balance_not_negative', sql`${table.balanceCents} >= 0`)],
);

export const payments = pgTable(
  'payments',
  {
    paymentId: uuid('payment_id').primaryKey(),
    /** One payment per order, whatever the deliveries: a second charge cannot even be stored. */
    orderId: uuid('order_id').notNull().unique(),
    customerId: text('customer_id').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<PaymentStatus>().notNull(),
    reason: text('reason').$type<DeclineReason>(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    check('payments_amount_not_negative', sql`${table.amountCents} >= 0`),
    check('payments_status_known', sql`${table.status} in ('COMPLETED', 'DECLINED', 'REFUNDED')`),
  ],
);

/**
 * Orders cancelled before payment saw their inventory.reserved (the topics are not ordered
 * relative to each other): a reservation arriving later must charge nothing.
 */
export const cancelledOrders = pgTable('cancelled_orders', {
  orderId: uuid('order_id').primaryKey(),
  cancelledAt: timestamptz('cancelled_at').notNull(),
});
