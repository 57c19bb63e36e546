import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { Tx } from '../db/database';
import { claimInbox } from './inbox';

const dialect = new PgDialect();
const message = (eventId: string, offset: string) => ({
  topic: 'order.created',
  partition: 1,
  offset,
  timestamp: '1767225600000',
  eventId,
});

/** A transaction whose one statement answers that `claimed` were new. */
function fakeTx(claimed: string[]) {
  const statements: { sql: string; params: unknown[] }[] = [];
  const tx = {
    execute: async (query: SQL) => {
      statements.push(dialect.sqlToQuery(query));
      return claimed.map((id) => ({ event_id: id }));
    },
  } as unknown as Tx;
  return { tx, statements };
}

// What the statement does to the tables is tested on Postgres (applied-offsets.int.spec.ts).
describe('claimInbox', () => {
  it('given a run, then one statement claims it all and only the events it claimed come back true', async () => {
    const { tx, statements } = fakeTx(['e-1']);
    const claimed = await claimInbox(tx, 'order-service', [message('e-1', '10'), message('e-2', '11')]);
    expect(claimed).toEqual([true, false]);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.sql).toMatch(/insert into inbox .* on conflict do nothing\s+returning event_id/s);
    expect(statements[0]?.sql).toMatch(
      /insert into applied_offsets .* where applied_offsets."offset" < excluded."offset"/s,
    );
    expect(statements[0]?.params).toContain('order-service');
    // The run is one JSON parameter, whatever its length: one statement text for every run.
    const run = statements[0]?.params.find((param) => String(param).startsWith('['));
    expect(JSON.parse(String(run))).toEqual([
      expect.objectContaining({
        i: 0,
        event_id: 'e-1',
        offset: '10',
        produced_at: '2026-01-01T00:00:00.000Z',
      }),
      expect.objectContaining({ i: 1, event_id: 'e-2', offset: '11', partition: 1, topic: 'order.created' }),
    ]);
    const single = fakeTx([]);
    await claimInbox(single.tx, 'order-service', [message('e-3', '12')]);
    expect(single.statements[0]?.sql).toBe(statements[0]?.sql);
  });

  it('given the same event twice in a run, then only its first copy is applied', async () => {
    const { tx } = fakeTx(['e-1']);
    expect(await claimInbox(tx, 'g', [message('e-1', '10'), message('e-1', '11')])).toEqual([true, false]);
  });

  it('given an empty run, then the database is not asked', async () => {
    const { tx, statements } = fakeTx([]);
    expect(await claimInbox(tx, 'g', [])).toEqual([]);
    expect(statements).toEqual([]);
  });
});
