import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { databaseTarget } from './database-url';
import { migrateDatabase } from './migrate';
import { preparingStatements } from './prepared-statements';

export type Database = PostgresJsDatabase<Record<string, never>>;
/** What a handler or route gets inside `db.transaction(...)`. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Where a query can run: the pool, or inside a caller's transaction. */
export type Executor = Database | Tx;

export interface DatabaseHandle {
  sql: postgres.Sql;
  db: Database;
  /** Creates the runtime's tables (outbox, inbox, parking), then applies the service's migrations. */
  migrate(serviceMigrationsFolder?: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function connectDatabase(
  url: string,
  options: { max?: number; applicationName?: string } = {},
): DatabaseHandle {
  const target = databaseTarget(url);
  const sql = postgres(target.url, {
    ...(target.socketDirectory === undefined ? {} : { host: target.socketDirectory }),
    max: options.max ?? 10,
    connect_timeout: 5,
    idle_timeout: 30,
    // Timestamps are stored as timestamptz and always read back in UTC.
    connection: { application_name: options.applicationName ?? 'saga', TimeZone: 'UTC' },
    onnotice: () => {},
  });
  const db = drizzle(preparingStatements(sql));
  return {
    sql,
    db,
    migrate: (serviceMigrationsFolder) => migrateDatabase(db, serviceMigrationsFolder),
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
