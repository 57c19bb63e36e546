import type postgres from 'postgres';
import { headerNames } from './headers';
import type { RawMessage } from './message';
import type { Publish } from './publish';

/** A key a consumer group stopped at, because a message of it was dead-lettered. */
export interface Block {
  /** The dead-lettered event: its next delivery, redriven or replayed, is let through. */
  eventId: string | null;
  /** An operator redrove it (`pnpm dlq list` shows it as redriving). */
  redrive: boolean;
}

export interface ParkedKey extends Block {
  key: string;
  dlqPartition: number;
  dlqOffset: string;
  /** Messages stored behind it. */
  waiting: number;
}

/**
 * Per-key order survives a dead letter: once a message of an order is dead-lettered, the group
 * parks the later messages of that order (`parked_messages`) instead of applying them out of
 * order. A redrive lets the dead letter through and then releases what waited, in order; a
 * discard releases only the waiting ones. The consumer and `pnpm dlq` share these statements.
 */
export function parkingProtocol(sql: postgres.Sql, group: string) {
  /**
   * The watermark passing this offset must never hide it from a replay: it is listed as not
   * applied until its event is (`dead_lettered_offsets`).
   */
  const listUnapplied = (tx: postgres.Sql | postgres.TransactionSql, message: RawMessage) => tx`
    insert into dead_lettered_offsets (consumer_group, topic, partition, "offset", event_id)
    values (${group}, ${message.topic}, ${message.partition}, ${message.offset},
            ${message.headers[headerNames.eventId] ?? null})
    on conflict do nothing`;

  /** Deletes the messages parked behind `key` and publishes them in arrival order, or neither. */
  async function releaseWith(
    key: string,
    publish: Publish,
    also?: (tx: postgres.TransactionSql) => Promise<unknown>,
  ) {
    return sql.begin(async (tx) => {
      const rows = await tx<
        { id: string; topic: string; value: string | null; headers: Record<string, string> }[]
      >`
        delete from parked_messages where consumer_group = ${group} and message_key = ${key}
        returning id, topic, value, headers`;
      await also?.(tx);
      rows.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
      await publish(
        rows.map((row) => ({
          topic: row.topic,
          key,
          value: row.value === null ? null : Buffer.from(row.value, 'base64'),
          headers: row.headers,
        })),
      );
      return rows.length;
    });
  }

  return {
    /** Which of these keys are blocked, in one query. */
    async blocks(keys: string[]): Promise<Map<string, Block>> {
      if (keys.length === 0) return new Map();
      const rows = await sql<{ message_key: string; event_id: string | null; redrive: boolean }[]>`
        select message_key, event_id, redrive from parked_keys
        where consumer_group = ${group} and message_key in ${sql(keys)}`;
      return new Map(rows.map((row) => [row.message_key, { eventId: row.event_id, redrive: row.redrive }]));
    },

    /** Every key the group has blocked. */
    async blockedKeys(): Promise<string[]> {
      const rows = await sql<{ message_key: string }[]>`
        select message_key from parked_keys where consumer_group = ${group}`;
      return rows.map((row) => row.message_key);
    },

    /**
     * After `message` was dead-lettered (at `position`): it is listed as not applied, and its key
     * stops until a redrive or a discard.
     */
    async block(message: RawMessage, position: { partition: number; offset: string }): Promise<void> {
      const key = message.key?.toString();
      await sql.begin(async (tx) => {
        await listUnapplied(tx, message);
        if (!key) return;
        await tx`
          insert into parked_keys (consumer_group, message_key, event_id, dlq_partition, dlq_offset)
          values (${group}, ${key}, ${message.headers[headerNames.eventId] ?? null}, ${position.partition}, ${position.offset})
          on conflict (consumer_group, message_key) do update
          set event_id = excluded.event_id, dlq_partition = excluded.dlq_partition,
              dlq_offset = excluded.dlq_offset, redrive = false, parked_at = now()`;
      });
    },

    /**
     * The blocked key's dead letter comes again (redriven or replayed): a block means its event
     * was never applied, so this position is listed as such, even for a dead letter from before
     * positions were listed, and the watermark lets it through.
     */
    unapplied: (message: RawMessage): Promise<unknown> => listUnapplied(sql, message),

    /** Stores a message of a blocked key, byte for byte. */
    async park(message: RawMessage): Promise<void> {
      await sql`
        insert into parked_messages (consumer_group, message_key, topic, partition, "offset", value, headers)
        values (${group}, ${message.key?.toString() ?? ''}, ${message.topic}, ${message.partition}, ${message.offset},
                ${message.value?.toString('base64') ?? null}, ${JSON.stringify(message.headers)}::jsonb)`;
    },

    /** The redriven dead letter was applied: its key is open again. */
    async reopen(key: string): Promise<void> {
      await sql`delete from parked_keys where consumer_group = ${group} and message_key = ${key}`;
    },

    /** Publishes again what waited behind an open key; returns how many. */
    release: (key: string, publish: Publish): Promise<number> => releaseWith(key, publish),

    /** The key's dead letter will be published again: its next delivery is let through. */
    async markRedrive(key: string): Promise<void> {
      await sql`update parked_keys set redrive = true where consumer_group = ${group} and message_key = ${key}`;
    },

    /** Gives up on the key's dead letter: the key opens and what waited behind it is published again. */
    discard: (key: string, publish: Publish): Promise<number> =>
      releaseWith(
        key,
        publish,
        (tx) => tx`delete from parked_keys where consumer_group = ${group} and message_key = ${key}`,
      ),

    async list(): Promise<ParkedKey[]> {
      const rows = await sql<
        {
          message_key: string;
          event_id: string | null;
          dlq_partition: number;
          dlq_offset: string;
          redrive: boolean;
          waiting: number;
        }[]
      >`
        select k.message_key, k.event_id, k.dlq_partition, k.dlq_offset::text, k.redrive,
          (select count(*)::int from parked_messages m
           where m.consumer_group = k.consumer_group and m.message_key = k.message_key) as waiting
        from parked_keys k where k.consumer_group = ${group}`;
      return rows.map((row) => ({
        key: row.message_key,
        eventId: row.event_id,
        dlqPartition: row.dlq_partition,
        dlqOffset: row.dlq_offset,
        redrive: row.redrive,
        waiting: row.waiting,
      }));
    },
  };
}

export type ParkingProtocol = ReturnType<typeof parkingProtocol>;

/**
 * Of every group, the keys whose dead letter has waited longer than `retentionMs` for a redrive
 * or a discard (the dead-letter topic lets it go about then), and keys with messages parked that
 * long behind no block at all (a discard that raced a park). Oldest first, at most `limit`.
 */
export async function expiredParking(
  sql: postgres.Sql,
  retentionMs: number,
  limit: number,
): Promise<{ group: string; key: string }[]> {
  const cutoff = sql`now() - make_interval(secs => ${retentionMs / 1000})`;
  const rows = await sql<{ consumer_group: string; message_key: string }[]>`
    select consumer_group, message_key from (
      select consumer_group, message_key, parked_at from parked_keys where parked_at < ${cutoff}
      union all
      select m.consumer_group, m.message_key, min(m.parked_at) from parked_messages m
      where m.parked_at < ${cutoff} and not exists (
        select 1 from parked_keys k
        where k.consumer_group = m.consumer_group and k.message_key = m.message_key)
      group by m.consumer_group, m.message_key
    ) expired order by parked_at limit ${limit}`;
  return rows.map((row) => ({ group: row.consumer_group, key: row.message_key }));
}
