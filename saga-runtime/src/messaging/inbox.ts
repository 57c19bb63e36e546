import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database';
import type { IncomingEvent } from './event';

/**
 * Records that `group` applied this event, in the transaction that applies it. Returns false
 * when it was applied before: the caller then acknowledges the redelivery without effects.
 */
export async function claimInbox(tx: Tx, group: string, event: IncomingEvent): Promise<boolean> {
  const rows = await tx.execute(sql`
    insert into inbox (consumer_group, event_id, topic, partition, "offset")
    values (${group}, ${event.metadata.eventId}, ${event.topic}, ${event.partition}, ${event.offset})
    on conflict do nothing
    returning event_id`);
  return rows.length > 0;
}
