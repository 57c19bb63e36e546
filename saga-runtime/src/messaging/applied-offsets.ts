import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database';

/** Where a message sits in its partition, when it was produced, and which event it claims to be. */
export interface Position {
  topic: string;
  partition: number;
  offset: string;
  /** Kafka's timestamp, epoch ms as a string. */
  timestamp: string;
  eventId?: string | null;
}

/** A timestamp Postgres can compare, or null for one that is not a date (nothing is older than null). */
function producedAt(timestamp: string): string | null {
  const date = new Date(Number(timestamp));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * The run as a table `run(i, topic, partition, "offset", produced_at, event_id)`, `i` its index.
 * It travels as one JSON parameter, so the statement's text is the same for a run of any length:
 * prepared once per connection and planned once, not once per run length.
 */
export function runTable(positions: Position[]): SQL {
  const rows = positions.map((p, i) => ({
    i,
    topic: p.topic,
    partition: p.partition,
    offset: p.offset,
    produced_at: producedAt(p.timestamp),
    event_id: p.eventId ?? null,
  }));
  return sql`run as (
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(i int, topic text, partition int, "offset" bigint, produced_at timestamptz, event_id text))`;
}

/**
 * Whether the `run` row was handled already: at or below its partition's watermark, produced
 * before the watermark last moved (so not a message of a topic created again), and not a
 * position the group dead-lettered, which was never applied.
 */
export function appliedBefore(group: string): SQL {
  return sql`(exists (
      select 1 from applied_offsets a
      where a.consumer_group = ${group} and a.topic = run.topic and a.partition = run.partition
        and run."offset" <= a."offset" and run.produced_at <= a.advanced_at)
    and not exists (
      select 1 from dead_lettered_offsets d
      where d.consumer_group = ${group} and d.topic = run.topic and d.partition = run.partition
        and d."offset" = run."offset"))`;
}

/** Moves each partition's watermark up to the run's last offset, never down. */
export function advanceWatermarks(group: string): SQL {
  return sql`insert into applied_offsets (consumer_group, topic, partition, "offset")
    select ${group}, topic, partition, max("offset") from run group by topic, partition
    on conflict (consumer_group, topic, partition) do update
    set "offset" = excluded."offset", advanced_at = now()
    where applied_offsets."offset" < excluded."offset"`;
}

/** Which of these messages `group` handled already, for a step that runs before the apply transaction. */
export async function alreadyApplied(db: Executor, group: string, positions: Position[]): Promise<boolean[]> {
  if (positions.length === 0) return [];
  const rows = await db.execute<{ i: number }>(
    sql`with ${runTable(positions)} select i from run where ${appliedBefore(group)}`,
  );
  const applied = new Set(rows.map((row) => row.i));
  return positions.map((_, i) => applied.has(i));
}
