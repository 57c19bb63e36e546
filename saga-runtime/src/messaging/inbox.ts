import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database';
import type { IncomingEvent } from './event';

/**
 * Records that `group` applied this event, in the transaction that applies it. Returns false
 * when it was applied before: the caller then acknowledges the redelivery without effects.
 */
export async function claimInbox(tx: Tx, group: string, event: IncomingEvent): Promise<boolean> {
  const [claimed] = await claimInboxAll(tx, group, [event]);
  return claimed === true;
}

/** `claimInbox` for a run of events, in one statement; a second copy of an event in the run is a duplicate. */
export async function claimInboxAll(tx: Tx, group: string, events: IncomingEvent[]): Promise<boolean[]> {
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
