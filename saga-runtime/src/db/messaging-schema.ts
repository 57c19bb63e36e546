import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Every service database holds these tables. The runtime's own migrations (`./migrations`, applied
 * by `migrateDatabase` before the service's) create them; services' schemas do not declare them.
 */
export const outbox = pgTable(
  'outbox',
  {
    // Allocated after the per-key advisory lock is taken, so per key, id order is commit order.
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: uuid('event_id').notNull().unique(),
    topic: text('topic').notNull(),
    messageKey: text('message_key').notNull(),
    payload: jsonb('payload').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [index('outbox_unpublished').on(table.id).where(sql`${table.publishedAt} is null`)],
);

/** Events a consumer group has already applied: a redelivery finds its id here and changes nothing. */
export const inbox = pgTable(
  'inbox',
  {
    consumerGroup: text('consumer_group').notNull(),
    eventId: uuid('event_id').notNull(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.consumerGroup, table.eventId] })],
);

/**
 * Keys (orders) a consumer group stopped at: a message of that key was dead-lettered, so later
 * messages of the same key wait behind it (per-key order is kept) until it is redriven or discarded.
 */
export const parkedKeys = pgTable(
  'parked_keys',
  {
    consumerGroup: text('consumer_group').notNull(),
    messageKey: text('message_key').notNull(),
    /** The dead-lettered event; when `redrive` is set, its next delivery is let through. */
    eventId: text('event_id'),
    dlqPartition: integer('dlq_partition').notNull(),
    dlqOffset: bigint('dlq_offset', { mode: 'number' }).notNull(),
    redrive: boolean('redrive').notNull().default(false),
    parkedAt: timestamp('parked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.consumerGroup, table.messageKey] })],
);

/** The messages waiting behind a parked key, byte for byte, in arrival order. */
export const parkedMessages = pgTable('parked_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  consumerGroup: text('consumer_group').notNull(),
  messageKey: text('message_key').notNull(),
  topic: text('topic').notNull(),
  partition: integer('partition').notNull(),
  offset: bigint('offset', { mode: 'number' }).notNull(),
  /** base64 of the record value as received. */
  value: text('value'),
  headers: jsonb('headers').$type<Record<string, string>>().notNull(),
  parkedAt: timestamp('parked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
