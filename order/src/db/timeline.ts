import type { Database, Tx } from '@saga/saga-runtime';
import { eq } from 'drizzle-orm';
import type { TimelineEntry } from '../domain/timeline';
import { sagaTimeline } from './schema';

export async function recordTimelineEntry(tx: Tx, entry: TimelineEntry, recordedAt: Date): Promise<void> {
  await tx
    .insert(sagaTimeline)
    .values({ ...entry, recordedAt })
    .onConflictDoNothing();
}

export async function timelineOf(db: Database, orderId: string): Promise<TimelineEntry[]> {
  const rows = await db.select().from(sagaTimeline).where(eq(sagaTimeline.orderId, orderId));
  return rows.map(({ recordedAt: _recordedAt, ...entry }) => entry);
}
