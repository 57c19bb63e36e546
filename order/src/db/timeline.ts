import type { Database, Retention, Tx } from '@saga/saga-runtime';
import { eq } from 'drizzle-orm';
import type { TimelineEntry } from '../domain/timeline';
import { sagaTimeline } from './schema';

/** One statement for the whole run; an entry recorded before (a replay) is left as it was. */
export async function recordTimelineEntries(
  tx: Tx,
  entries: TimelineEntry[],
  recordedAt: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await tx
    .insert(sagaTimeline)
    .values(entries.map((entry) => ({ ...entry, recordedAt })))
    .onConflictDoNothing();
}

/** Events that occurred longer ago than `retentionMs` leave the timeline (TIMELINE_RETENTION). */
export const timelineRetention = (retentionMs: number): Retention => ({
  table: sagaTimeline,
  column: sagaTimeline.occurredAt,
  retentionMs,
});

export async function timelineOf(db: Database, orderId: string): Promise<TimelineEntry[]> {
  const rows = await db.select().from(sagaTimeline).where(eq(sagaTimeline.orderId, orderId));
  return rows.map(({ recordedAt: _recordedAt, ...entry }) => entry);
}
