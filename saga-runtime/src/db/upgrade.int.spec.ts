import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayDatabase } from '../testing/throwaway-database';
import { runtimeMigrations } from './migrate';
import { describeSchema, dumpScript, tableRows } from './upgrade-fixture';

const serverUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432';
const urlOf = (database: string) =>
  Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
const migrationsOf = (service: string) =>
  fileURLToPath(new URL(`../../../${service}/src/db/migrations`, import.meta.url));
const messagingTables = ['public.inbox', 'public.outbox', 'public.parked_keys', 'public.parked_messages'];
const runtimeJournal = JSON.parse(
  await readFile(new URL('./migrations/meta/_journal.json', import.meta.url), 'utf8'),
) as { entries: unknown[] };

async function onServer(database: string, script: string) {
  // A connection of its own: a dump clears search_path for the rest of its session.
  const sql = postgres(urlOf(database), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(script).simple();
  } finally {
    await sql.end();
  }
}

// Each fixture is a database as e6d4b71 left it: the messaging tables made by the service's own
// migrations, recorded in drizzle.__drizzle_migrations (see upgrade-fixtures/README.md).
describe.each(['order', 'inventory', 'payment', 'notification'])(
  'a %s database made by e6d4b71',
  (service) => {
    const upgraded = throwawayDatabase(`${service}_upgrade`, migrationsOf(service));
    const fresh = throwawayDatabase(`${service}_fresh`, migrationsOf(service));
    let before: Record<string, unknown[]> = {};

    beforeAll(async () => {
      await onServer('postgres', `create database "${upgraded.name}"`);
      const dump = await readFile(new URL(`./upgrade-fixtures/${service}.sql.gz`, import.meta.url));
      await onServer(upgraded.name, dumpScript(dump));
      before = await tableRows(upgraded.database.sql);
      // What bootService runs at start.
      await upgraded.database.migrate(migrationsOf(service));
      await fresh.setup();
    });

    afterAll(async () => {
      await upgraded.close();
      await fresh.close();
    });

    it('held rows in its own tables, the messaging tables and the migration records', () => {
      for (const table of Object.keys(before)) expect(before[table], table).not.toEqual([]);
      expect(Object.keys(before)).toEqual(
        expect.arrayContaining([...messagingTables, 'drizzle.__drizzle_migrations']),
      );
    });

    it('keeps every row of every table when the new code migrates it', async () => {
      const after = await tableRows(upgraded.database.sql);
      // A service's own later migrations may add columns to its rows, and are recorded as applied.
      for (const [table, rows] of Object.entries(before)) {
        const kept = rows.map((row) => expect.objectContaining(row as object));
        expect(after[table], table).toEqual(expect.arrayContaining(kept));
        if (table !== 'drizzle.__drizzle_migrations') expect(after[table], table).toHaveLength(rows.length);
      }
    });

    it.runIf(service === 'notification')(
      'counts every notification sent before suppression existed as sent',
      async () => {
        const rows = await upgraded.database.sql`
        select delivery, suppressed_by, occurred_at = created_at as dated from notifications`;
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows)
          expect({ ...row }).toEqual({ delivery: 'SENT', suppressed_by: null, dated: true });
      },
    );

    it('records the runtime migrations in a table of their own', async () => {
      const { migrationsSchema, migrationsTable } = runtimeMigrations;
      const applied = await upgraded.database
        .sql`select hash from ${upgraded.database.sql(migrationsSchema)}.${upgraded.database.sql(migrationsTable)}`;
      expect(applied).toHaveLength(runtimeJournal.entries.length);
    });

    it('ends with the schema of a database the new code created', async () => {
      expect(await describeSchema(upgraded.database.sql)).toEqual(await describeSchema(fresh.database.sql));
    });

    it('changes nothing when migrated again, as at every later start', async () => {
      const rows = await tableRows(upgraded.database.sql);
      const schema = await describeSchema(upgraded.database.sql);
      await upgraded.database.migrate(migrationsOf(service));
      expect(await tableRows(upgraded.database.sql)).toEqual(rows);
      expect(await describeSchema(upgraded.database.sql)).toEqual(schema);
    });
  },
);
