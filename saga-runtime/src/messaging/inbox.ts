import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database';
import type { IncomingEvent } from './event';

/**
 * Records, in the transaction that applies them, that `group` applied these events: one
 * statement for a whole run. An event applied before (a redelivery), or a second copy of one in
 * the run, comes back false: the caller acknowledges it without effects.
 */
export async function claimInbox(tx: Tx, group: string, events: IncomingEvent[]): Promise<boolean[]> {
  if (events.length === 0) return [];
  const rows = await tx.execute<{ event_id: string }>(sql`
    insert into inbox (consumer_group, event_id, topic, partition, "offset")
    values ${sql.join(
      events.map(
        (event) =>
          sql`(${group}, ${event.metadata.eventId}, ${event.topic}, ${event.partition}, ${event.offset})`,
      ),
      sql`, `,
    )}
    on conflict do nothing
    returning event_id`);
  const claimed = new Set(rows.map((row) => row.event_id));
  // Set.delete is true once per id: only the first copy in the run is applied.
  return events.map((event) => claimed.delete(event.metadata.eventId));
}
