import type { Producer } from 'kafkajs';
import type postgres from 'postgres';
import type { Logger } from '../../logger';
import { headerNames } from '../event';
import type { Middleware, RawMessage } from '../message';

export interface Parking {
  /** Holds back messages whose key has a dead-lettered message ahead of them. */
  middleware: Middleware;
  /** Called by the dead-letter middleware: the key stops here until a redrive or a discard. */
  block(message: RawMessage, position: { partition: number; offset: string }): Promise<void>;
  /** Which of these keys are held back, in one query (for the batch fast path). */
  parkedKeys(keys: string[]): Promise<Set<string>>;
}

/**
 * Per-key order survives a dead letter: once a message of an order is dead-lettered, the later
 * messages of that order are parked (stored, offset committed) instead of applied out of order.
 * `pnpm dlq redrive` re-publishes the dead letter and then the parked messages, in order;
 * `pnpm dlq discard` re-publishes only the parked ones.
 */
export function createParking(
  sql: postgres.Sql,
  groupId: string,
  logger: Logger,
  producer: Producer,
): Parking {
  /** Re-publishes what waited behind a key, in arrival order, once the key is open again. */
  async function release(key: string): Promise<void> {
    const parked = await sql<
      { id: string; topic: string; value: string | null; headers: Record<string, string> }[]
    >`
      select id, topic, value, headers from parked_messages
      where consumer_group = ${groupId} and message_key = ${key} order by id`;
    for (const row of parked) {
      const value = row.value === null ? null : Buffer.from(row.value, 'base64');
      await producer.send({ topic: row.topic, messages: [{ key, value, headers: row.headers }] });
      await sql`delete from parked_messages where id = ${row.id}`;
    }
    if (parked.length > 0) logger.info('parked messages released', { order_id: key, count: parked.length });
  }

  return {
    async parkedKeys(keys) {
      if (keys.length === 0) return new Set();
      const rows = await sql<{ message_key: string }[]>`
        select message_key from parked_keys where consumer_group = ${groupId} and message_key in ${sql(keys)}`;
      return new Set(rows.map((row) => row.message_key));
    },
    async block(message, position) {
      const key = message.key?.toString();
      if (!key) return;
      await sql`
        insert into parked_keys (consumer_group, message_key, event_id, dlq_partition, dlq_offset)
        values (${groupId}, ${key}, ${message.headers[headerNames.eventId] ?? null}, ${position.partition}, ${position.offset})
        on conflict (consumer_group, message_key) do update
        set event_id = excluded.event_id, dlq_partition = excluded.dlq_partition,
            dlq_offset = excluded.dlq_offset, redrive = false, parked_at = now()`;
    },
    middleware: (next) => async (message) => {
      const key = message.key?.toString();
      if (!key) return next(message);
      const [block] = await sql<{ event_id: string | null; redrive: boolean }[]>`
        select event_id, redrive from parked_keys where consumer_group = ${groupId} and message_key = ${key}`;
      if (!block) return next(message);
      if (
        block.redrive &&
        block.event_id !== null &&
        block.event_id === message.headers[headerNames.eventId]
      ) {
        // The redriven dead letter itself: the key opens again, and a new failure closes it again.
        await sql`delete from parked_keys where consumer_group = ${groupId} and message_key = ${key}`;
        await next(message);
        const [closedAgain] =
          await sql`select 1 from parked_keys where consumer_group = ${groupId} and message_key = ${key}`;
        if (!closedAgain) await release(key);
        return;
      }
      await sql`
        insert into parked_messages (consumer_group, message_key, topic, partition, "offset", value, headers)
        values (${groupId}, ${key}, ${message.topic}, ${message.partition}, ${message.offset},
                ${message.value?.toString('base64') ?? null}, ${JSON.stringify(message.headers)}::jsonb)`;
      logger.warn('message parked behind a dead letter of the same key', {
        topic: message.topic,
        order_id: key,
      });
    },
  };
}
