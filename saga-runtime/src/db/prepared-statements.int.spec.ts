import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayDatabase } from '../testing/throwaway-database';

// What drizzle sends through `connectDatabase`, seen from the server: pg_prepared_statements
// lists a session's named statements.
const throwaway = throwawayDatabase('prepared_statements', undefined, { max: 1 });
beforeAll(() => throwaway.setup());
afterAll(() => throwaway.close());

const probe = (marker: string, n: number) => sql`select ${n}::int + 1 as next, ${marker}::text as marker`;
const preparedWith = async (marker: string) =>
  (
    await throwaway.database.sql<{ n: number }[]>`
      select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`}`
  )[0]?.n;

describe('statements drizzle sends', () => {
  it('given a query with parameters run twice, then it is one named statement of the session, and both runs answer', async () => {
    const { db } = throwaway.database;
    const first = await db.execute<{ next: number }>(probe('outside-a-transaction', 1));
    const second = await db.execute<{ next: number }>(probe('outside-a-transaction', 41));
    expect([first[0]?.next, second[0]?.next]).toEqual([2, 42]);
    // `::text` in the probe's own text, and the marker as a parameter: the statement is found by its text.
    expect(await preparedWith('::text as marker')).toBe(1);
  });

  it('given a transaction and a savepoint inside it, then their statements are prepared too and roll back as before', async () => {
    const { db } = throwaway.database;
    await db.execute(sql`create table if not exists probe_rows (n int)`);
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into probe_rows (n) values (${1}::int)`);
      await tx
        .transaction(async (nested) => {
          await nested.execute(sql`insert into probe_rows (n) values (${2}::int)`);
          throw new Error('roll the savepoint back');
        })
        .catch(() => {});
    });
    const rows = await db.execute<{ n: number }>(sql`select n from probe_rows order by n`);
    expect(rows.map((row) => row.n)).toEqual([1]);
    expect(await preparedWith('insert into probe_rows')).toBe(1);
  });

  it('given statements without parameters, then they keep the simple protocol: several in one string still run', async () => {
    const { db } = throwaway.database;
    await db.execute(
      sql.raw('create table if not exists simple_a (n int); create table if not exists simple_b (n int)'),
    );
    const tables = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_tables where tablename in (${'simple_a'}, ${'simple_b'})`,
    );
    expect(tables[0]?.n).toBe(2);
  });
});
