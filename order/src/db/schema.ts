import type { CancellationReason, OrderItem } from '@saga/schemas';
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const orders = pgTable(
  'orders',
  {
    orderId: uuid('order_id').primaryKey(),
    customerId: text('customer_id').notNull(),
    status: text('status').$type<'PENDING' | 'CONFIRMED' | 'CANCELLED'>().notNull(),
    items: jsonb('items').$type<OrderItem[]>().notNull(),
    currency: text('currency').notNull(),
    totalCents: bigint('total_cents', { mode: 'number' }),
    cancellationReason: text('cancellation_reason').$type<CancellationReason>(),
    /** Same key and same body → the same order; the hash tells a retry from a different request. */
    idempotencyKey: text('idempotency_key').unique(),
    requestHash: text('request_hash'),
    /** The W3C trace context of the request that placed it, so a later timeout joins the saga's trace. */
    traceContext: jsonb('trace_context').$type<Record<string, string>>(),
    /** When a still-PENDING saga is cancelled with TIMED_OUT. */
    deadlineAt: timestamp('deadline_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('orders_customer_created').on(table.customerId, table.createdAt, table.orderId),
    index('orders_created').on(table.createdAt, table.orderId),
    index('orders_pending_deadline').on(table.deadlineAt).where(sql`${table.status} = 'PENDING'`),
  ],
);

/**
 * Every event of every saga younger than `TIMELINE_RETENTION`, as the timeline projection recorded
 * it (group `order-timeline`).
 */
export const sagaTimeline = pgTable(
  'saga_timeline',
  {
    eventId: uuid('event_id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    producer: text('producer').notNull(),
    causationId: uuid('causation_id'),
    traceId: text('trace_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    index('saga_timeline_order').on(table.orderId, table.occurredAt),
    // TIMELINE_RETENTION prunes the oldest events in small batches.
    index('saga_timeline_occurred').on(table.occurredAt),
  ],
);
