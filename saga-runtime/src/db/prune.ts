import { getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './database';

/** Rows of `table` whose `column` is older than `retentionMs` are deleted. */
export interface Retention {
  table: PgTable;
  /** A timestamp column, indexed when the table is large: each batch looks for the oldest rows. */
  column: PgColumn;
  retentionMs: number;
}

/**
 * Deletes what `retention` lets go, `batchSize` rows per statement, until none is left; returns
 * how many. Each statement is a short transaction of its own, so no lock is held for long and
 * writers in between are never made to wait for a whole backlog.
 */
export async function pruneOlderThan(db: Executor, retention: Retention, batchSize = 1000): Promise<number> {
  const { table, column, retentionMs } = retention;
  let total = 0;
  for (;;) {
    const deleted = await db.execute(sql`
      delete from ${table} where ctid = any(array(
        select ctid from ${table}
        where ${column} < now() - make_interval(secs => ${retentionMs / 1000})
        limit ${batchSize}))`);
    total += deleted.count;
    if (deleted.count < batchSize) return total;
  }
}

/** Every retention, one after the other; rows deleted by table name. */
export async function pruneAll(db: Executor, retentions: Retention[]): Promise<Record<string, number>> {
  const pruned: Record<string, number> = {};
  for (const retention of retentions) {
    pruned[getTableName(retention.table)] = await pruneOlderThan(db, retention);
  }
  return pruned;
}
