import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingRecord } from '../messaging/publish';
import { silentLogger } from '../testing/handler-harness';
import { throwawayDatabase } from '../testing/throwaway-database';
import { messagingRetentions, startPruning } from './retention';

// The pruning job on a real Postgres: what is past its retention goes, in batches, and what is
// younger, or still needed (an unpublished outbox row), stays.
const throwaway = throwawayDatabase('retention', undefined);
beforeAll(() => throwaway.setup());
afterAll(() => throwaway.close());

const hour = 3_600_000;
const old = "now() - interval '2 hours'";

async function count(table: string): Promise<number> {
  const [row] = await throwaway.database.sql.unsafe(`select count(*)::int as n from ${table}`);
  return row?.n as number;
}

async function seed() {
  const { sql } = throwaway.database;
  // More than one batch of old inbox rows, and a few young ones.
  await sql.unsafe(`
    insert into inbox (consumer_group, event_id, topic, partition, "offset", processed_at)
    select 'g', gen_random_uuid(), 't', 0, n, ${old} from generate_series(1, 2500) n;
    insert into inbox (consumer_group, event_id, topic, partition, "offset")
    select 'g', gen_random_uuid(), 't', 0, n from generate_series(2501, 2503) n;
    insert into outbox (event_id, topic, message_key, payload, headers, created_at, published_at) values
      (gen_random_uuid(), 't', 'k', '{}', '{}', ${old}, ${old}),
      (gen_random_uuid(), 't', 'k', '{}', '{}', ${old}, null),
      (gen_random_uuid(), 't', 'k', '{}', '{}', now(), now());
    insert into dead_lettered_offsets (consumer_group, topic, partition, "offset", dead_lettered_at) values
      ('g', 't', 0, 1, ${old}), ('g', 't', 0, 2, now());
    insert into parked_keys (consumer_group, message_key, event_id, dlq_partition, dlq_offset, parked_at) values
      ('g', 'forgotten', 'e-1', 0, 0, ${old}), ('g', 'recent', 'e-2', 0, 1, now());
    insert into parked_messages (consumer_group, message_key, topic, partition, "offset", value, headers, parked_at) values
      ('g', 'forgotten', 'order.cancelled', 0, 11, 'AQ==', '{"event-id":"e-11"}', ${old}),
      ('g', 'forgotten', 'order.confirmed', 0, 12, 'Ag==', '{"event-id":"e-12"}', ${old}),
      ('g', 'recent', 'order.cancelled', 0, 13, 'Aw==', '{}', now()),
      ('g', 'orphan', 'order.cancelled', 0, 14, 'BA==', '{}', ${old});`);
}

describe('pruning job', () => {
  it('deletes in batches what is past its retention, keeps the rest, and discards dead letters nobody answered', async () => {
    await seed();
    const published: OutgoingRecord[] = [];
    const pruned: Record<string, number> = {};
    const pruning = startPruning({
      db: throwaway.database.db,
      sql: throwaway.database.sql,
      retentions: messagingRetentions({
        INBOX_RETENTION: hour,
        OUTBOX_RETENTION: hour,
        DEAD_LETTER_RETENTION: hour,
      }),
      deadLetterRetentionMs: hour,
      publish: async (records) => {
        published.push(...records);
        return [];
      },
      intervalMs: 3_600_000,
      logger: silentLogger(),
      onPruned: (table, n) => {
        pruned[table] = (pruned[table] ?? 0) + n;
      },
    });
    await pruning.pruneOnce();
    await pruning.stop();

    expect(pruned).toEqual({ inbox: 2500, outbox: 1, dead_lettered_offsets: 1, parked_keys: 2 });
    expect(await count('inbox')).toBe(3);
    // The unpublished row stays, however old: the relay has yet to publish it.
    expect(await count('outbox where published_at is null')).toBe(1);
    expect(await count('outbox')).toBe(2);
    expect(await count('dead_lettered_offsets')).toBe(1);
    expect(await count('parked_keys')).toBe(1);
    expect(await count("parked_messages where message_key = 'recent'")).toBe(1);
    expect(await count('parked_messages')).toBe(1);
    // What waited behind the forgotten dead letter is published again in order, as a discard does.
    expect(published.map((record) => [record.key, record.topic, record.value])).toEqual([
      ['forgotten', 'order.cancelled', Buffer.from([1])],
      ['forgotten', 'order.confirmed', Buffer.from([2])],
      ['orphan', 'order.cancelled', Buffer.from([4])],
    ]);
  });

  it('prunes on its own timer, every interval, until stopped', async () => {
    const pruned: string[] = [];
    const group = randomUUID();
    await throwaway.database.sql`
      insert into inbox (consumer_group, event_id, topic, partition, "offset")
      values (${group}, gen_random_uuid(), 't', 0, 1)`;
    const pruning = startPruning({
      db: throwaway.database.db,
      sql: throwaway.database.sql,
      retentions: messagingRetentions({
        INBOX_RETENTION: 0,
        OUTBOX_RETENTION: hour,
        DEAD_LETTER_RETENTION: hour,
      }),
      deadLetterRetentionMs: hour,
      publish: async () => [],
      intervalMs: 20,
      logger: silentLogger(),
      onPruned: (table) => void pruned.push(table),
    });
    for (let waited = 0; !pruned.includes('inbox') && waited < 5000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await pruning.stop();
    expect(pruned).toContain('inbox');
    expect(await count('inbox')).toBe(0);
  });
});
