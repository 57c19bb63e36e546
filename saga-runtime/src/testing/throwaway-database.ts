import postgres from 'postgres';
import { connectDatabase, type DatabaseHandle } from '../db/database';
import { testStack } from './test-stack';

export interface ThrowawayDatabaseOptions {
  /** A server where the tests may create and drop databases of their own. */
  serverUrl?: string;
  max?: number;
}

export interface ThrowawayDatabase {
  /** `<service>_it_<random>`: apart from the service's real database and from any other run's. */
  name: string;
  /** Usable once `setup()` resolved. */
  database: DatabaseHandle;
  /** Creates the database, then migrates it as `bootService` does: the runtime's tables, then the service's. */
  setup(): Promise<void>;
  /** Closes the pool and drops the database; safe after a failed or skipped `setup()`. */
  close(): Promise<void>;
}

/**
 * A database of the test's own, migrated like the service's. Tests never write into the real
 * one, where a running service's relay would publish their outbox rows and its seeding would find
 * their products; and since it is dropped at the end there is nothing to delete row by row.
 */
export function throwawayDatabase(
  service: string,
  /** The service's own migrations; without them the database holds the runtime's tables alone. */
  migrationsFolder: string | undefined,
  options: ThrowawayDatabaseOptions = {},
): ThrowawayDatabase {
  const serverUrl = options.serverUrl ?? testStack.postgres();
  // Postgres folds unquoted names to lower case and allows only [a-z0-9_] without quoting.
  const name = `${service.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_it_${crypto.randomUUID().slice(0, 8)}`;
  const database = connectDatabase(urlOf(serverUrl, name), {
    max: options.max ?? 5,
    applicationName: `${service}-int-test`,
  });

  // create/drop database cannot run inside a transaction or against the database itself.
  async function onServer(statement: string) {
    const sql = postgres(urlOf(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(statement);
    } finally {
      await sql.end();
    }
  }

  return {
    name,
    database,
    async setup() {
      await onServer(`create database "${name}"`);
      await database.migrate(migrationsFolder);
    },
    async close() {
      await database.close();
      // `with (force)` ends connections a failed test may have left behind, so the drop never waits.
      await onServer(`drop database if exists "${name}" with (force)`);
    },
  };
}

function urlOf(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
