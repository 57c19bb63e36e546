import type { ReservedLine } from '@saga/schemas';
import { sql } from 'drizzle-orm';
import { bigint, check, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ReservationStatus } from '../domain/inventory';

export const products = pgTable(
  'products',
  {
    sku: text('sku').primaryKey(),
    name: text('name').notNull(),
    priceCents: bigint('price_cents', { mode: 'number' }).notNull(),
    // bigint although PUT caps them at 10^9: releases add to whatever the last restock set.
    available: bigint('available', { mode: 'number' }).notNull(),
    reserved: bigint('reserved', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  // The last line of defence against overselling, whatever a handler computes.
  (table) => [
    check('products_available_not_negative', sql`${table.available} >= 0`),
    check('products_reserved_not_negative', sql`${table.reserved} >= 0`),
    check('products_price_not_negative', sql`${table.priceCents} >= 0`),
  ],
);

/** One row per order inventory has heard of, whatever became of it; its presence makes order.created a no-op. */
export const reservations = pgTable(
  'reservations',
  {
    orderId: uuid('order_id').primaryKey(),
    customerId: text('customer_id').notNull(),
    status: text('status').$type<ReservationStatus>().notNull(),
    lines: jsonb('lines').$type<ReservedLine[]>().notNull(),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    check(
      'reservations_status_known',
      sql`${table.status} in ('RESERVED', 'COMMITTED', 'RELEASED', 'REJECTED', 'CANCELLED')`,
    ),
  ],
);
