import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export type Database = PostgresJsDatabase<Record<string, never>>;
/** What a handler or route gets inside `db.transaction(...)`. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Where a query can run: the pool, or inside a caller's transaction. */
export type Executor = Database | Tx;

export interface DatabaseHandle {
  sql: postgres.Sql;
  db: Database;
  migrate(migrationsFolder: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function connectDatabase(
  url: string,
  options: { max?: number; applicationName?: string } = {},
): DatabaseHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 5,
    idle_timeout: 30,
    // Timestamps are stored as timestamptz and always read back in UTC.
    connection: { application_name: options.applicationName ?? 'saga', TimeZone: 'UTC' },
    onnotice: () => {},
  });
  const db = drizzle(sql);
  return {
    sql,
    db,
    async migrate(migrationsFolder) {
      await migrate(db, { migrationsFolder });
    },
    async ping() {
      try {
        await sql`select 1`;
        return true;
      } catch {
        return false;
      }
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
