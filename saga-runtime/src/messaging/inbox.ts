import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database';
import { advanceWatermarks, appliedBefore, type Position, runTable } from './applied-offsets';

/**
 * Records, in the transaction that applies them, that `group` applied this run: one statement
 * for all of it. A message at or below its partition's watermark (a replay), an event in the
 * inbox (a copy at a new offset), or a second copy in the run, comes back false: the caller
 * acknowledges it without effects. The watermark moves to the end of the run, and an event
 * dead-lettered earlier is no longer listed as such once applied.
 */
export async function claimInbox(
  tx: Tx,
  group: string,
  run: (Position & { eventId: string })[],
): Promise<boolean[]> {
  if (run.length === 0) return [];
  const rows = await tx.execute<{ event_id: string }>(sql`
    with ${runTable(run)},
    claimed as (
      insert into inbox (consumer_group, event_id, topic, partition, "offset")
      select ${group}, event_id::uuid, topic, partition, "offset" from run
      where not ${appliedBefore(group)}
      order by i
      on conflict do nothing
      returning event_id
    ),
    advanced as (${advanceWatermarks(group)}),
    settled as (
      delete from dead_lettered_offsets
      where consumer_group = ${group} and event_id in (select event_id::text from claimed)
    )
    select event_id from claimed`);
  const claimed = new Set(rows.map((row) => row.event_id));
  // Set.delete is true once per id: only the first copy in the run is applied.
  return run.map((message) => claimed.delete(message.eventId));
}
