import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';

/** The runtime's own record of applied migrations, apart from the service's `__drizzle_migrations`. */
export const runtimeMigrations = {
  migrationsSchema: 'drizzle',
  migrationsTable: '__saga_runtime_migrations',
};

/**
 * The nearest directory at or above `start` holding a package.json. The module calling it sits at
 * `src/db/` when run from the sources but in a chunk at `dist/` when compiled, so the runtime's
 * migrations are found from its package root, not from the module file.
 */
export function packageRootOf(start: string, exists: (path: string) => boolean = existsSync): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (exists(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json at or above ${start}`);
  }
}

/** `saga-runtime/src/db/migrations`: the outbox, inbox and parking tables every service database holds. */
export const runtimeMigrationsFolder = (): string =>
  join(packageRootOf(dirname(fileURLToPath(import.meta.url))), 'src/db/migrations');

/**
 * The runtime's tables first, then the service's own (when given a folder), each set recorded in
 * its own table. Drizzle applies only the migrations newer than the last one recorded, so a
 * database whose service migrations once created the messaging tables keeps them as they are.
 */
export async function migrateDatabase(
  db: PostgresJsDatabase<Record<string, never>>,
  serviceMigrationsFolder?: string,
): Promise<void> {
  await migrate(db, { migrationsFolder: runtimeMigrationsFolder(), ...runtimeMigrations });
  if (serviceMigrationsFolder) await migrate(db, { migrationsFolder: serviceMigrationsFolder });
}
