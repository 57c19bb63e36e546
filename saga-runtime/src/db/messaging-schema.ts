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

/**
 * Events a consumer group applied recently: a copy at a new offset (the relay publishing again
 * after a crash) finds its id here and changes nothing. Pruned after `INBOX_RETENTION`; a replay
 * is recognised by `applied_offsets` instead, and an older copy by the domain's own state.
 */
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
  (table) => [
    primaryKey({ columns: [table.consumerGroup, table.eventId] }),
    // The retention prunes the oldest rows in small batches.
    index('inbox_processed_at').on(table.processedAt),
  ],
);

/**
 * Per consumer group and partition, the highest offset applied: a message at or below it was
 * handled already, whatever the inbox still holds, so replaying a group from earliest changes
 * nothing at any age. Only messages older than `advancedAt` count: a topic deleted and created
 * again starts its offsets anew, and its new messages must not look applied.
 */
export const appliedOffsets = pgTable(
  'applied_offsets',
  {
    consumerGroup: text('consumer_group').notNull(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    advancedAt: timestamp('advanced_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.consumerGroup, table.topic, table.partition] })],
);

/**
 * Where a consumer group dead-lettered a message: that offset was not applied, even once the
 * partition's watermark is past it, so a replay after the fix applies it. The row goes once the
 * event is applied (replayed or redriven), or after `DEAD_LETTER_RETENTION`.
 */
export const deadLetteredOffsets = pgTable(
  'dead_lettered_offsets',
  {
    consumerGroup: text('consumer_group').notNull(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    /** The `event-id` header as received, if any: dead letters may be anything. */
    eventId: text('event_id'),
    deadLetteredAt: timestamp('dead_lettered_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.consumerGroup, table.topic, table.partition, table.offset] }),
    index('dead_lettered_offsets_event').on(table.consumerGroup, table.eventId),
  ],
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
    /** The dead-lettered event: its next delivery, redriven or replayed, is let through. */
    eventId: text('event_id'),
    dlqPartition: integer('dlq_partition').notNull(),
    dlqOffset: bigint('dlq_offset', { mode: 'number' }).notNull(),
    /** An operator redrove it (`pnpm dlq list` shows it as redriving). */
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
