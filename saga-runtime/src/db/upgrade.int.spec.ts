import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack } from '../testing/test-stack';
import { throwawayDatabase } from '../testing/throwaway-database';
import { runtimeMigrations } from './migrate';
import { describeSchema, dumpScript, tableRows } from './upgrade-fixture';

const urlOf = (database: string) =>
  Object.assign(new URL(testStack.postgres()), { pathname: `/${database}` }).toString();
const migrationsOf = (service: string) =>
  fileURLToPath(new URL(`../../../${service}/src/db/migrations`, import.meta.url));
const messagingTables = ['public.inbox', 'public.outbox', 'public.parked_keys', 'public.parked_messages'];
// Tables a service's later migration folded into others and dropped; a test below checks what they became.
const droppedTables: Record<string, string[]> = { order: ['public.analytics_orders'] };
// Orders the fixture lacks, whose settling time a migration must take from the analytics read
// model (confirmed, then cancelled by the customer) or, missing there, from the order itself.
const addedRows: Record<string, string> = {
  order: `
    insert into orders (order_id, customer_id, status, items, currency, total_cents, cancellation_reason,
      deadline_at, created_at, updated_at) values
    ('44444444-4444-4444-8444-444444444444', 'cust-3', 'CANCELLED', '[]', 'USD', 500, 'CUSTOMER_CANCELLED',
      '2026-11-20 10:25:00+00', '2026-11-20 10:20:00+00', '2026-11-20 10:30:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'cust-3', 'CANCELLED', '[]', 'USD', null, 'TIMED_OUT',
      '2026-11-20 10:25:00+00', '2026-11-20 10:20:00+00', '2026-11-20 10:25:01+00');
    insert into analytics_orders values ('44444444-4444-4444-8444-444444444444', '2026-11-20 10:20:00+00',
      '2026-11-20 10:20:02+00', 500, '2026-11-20 10:30:00+00', 'CUSTOMER_CANCELLED');`,
};
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

const convertedRows: Record<string, Record<string, (sql: postgres.Sql) => Promise<void>>> = {
  notification: {
    'counts every notification sent before suppression existed as sent': async (sql) => {
      const rows = await sql`
        select delivery, suppressed_by, occurred_at = created_at as dated from notifications`;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows)
        expect({ ...row }).toEqual({ delivery: 'SENT', suppressed_by: null, dated: true });
    },
  },
  order: {
    "settles each ended order at its first outcome: the analytics read model's, else its last change": async (
      sql,
    ) => {
      const rows = await sql`
        select order_id, status, settled_at from orders order by order_id`;
      expect(rows.map((row) => ({ ...row }))).toEqual([
        {
          order_id: '11111111-1111-4111-8111-111111111111',
          status: 'CONFIRMED',
          settled_at: '2026-11-20 10:00:04+00',
        },
        {
          order_id: '22222222-2222-4222-8222-222222222222',
          status: 'PENDING',
          settled_at: null,
        },
        {
          order_id: '33333333-3333-4333-8333-333333333333',
          status: 'CANCELLED',
          settled_at: '2026-11-20 10:10:09+00',
        },
        {
          order_id: '44444444-4444-4444-8444-444444444444',
          status: 'CANCELLED',
          settled_at: '2026-11-20 10:20:02+00',
        },
        {
          order_id: '55555555-5555-4555-8555-555555555555',
          status: 'CANCELLED',
          settled_at: '2026-11-20 10:25:01+00',
        },
      ]);
    },
  },
};

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
      if (addedRows[service]) await onServer(upgraded.name, addedRows[service]);
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
        if (droppedTables[service]?.includes(table)) continue;
        const kept = rows.map((row) => expect.objectContaining(row as object));
        expect(after[table], table).toEqual(expect.arrayContaining(kept));
        if (table !== 'drizzle.__drizzle_migrations') expect(after[table], table).toHaveLength(rows.length);
      }
    });

    // What a service's own data migrations promise for the rows they convert.
    for (const [title, verify] of Object.entries(convertedRows[service] ?? {})) {
      it(title, () => verify(upgraded.database.sql));
    }

    it("starts each group's watermark where its inbox ended, so a replay after the upgrade skips what was applied", async () => {
      type Claimed = { consumer_group: string; topic: string; partition: number; offset: number };
      const last = new Map<string, Claimed>();
      for (const row of before['public.inbox'] as Claimed[]) {
        const key = `${row.consumer_group} ${row.topic} ${row.partition}`;
        if ((last.get(key)?.offset ?? -1) < row.offset) last.set(key, row);
      }
      const watermarks = await upgraded.database.sql`
        select consumer_group, topic, partition, "offset"::text as "offset" from applied_offsets`;
      expect(last.size).toBeGreaterThan(0);
      expect(watermarks.map((row) => ({ ...row }))).toEqual(
        expect.arrayContaining(
          [...last.values()].map(({ consumer_group, topic, partition, offset }) => ({
            consumer_group,
            topic,
            partition,
            offset: String(offset),
          })),
        ),
      );
      expect(watermarks.length).toBe(last.size);
    });

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
