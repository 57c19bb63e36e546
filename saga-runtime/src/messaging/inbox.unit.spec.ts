import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { Tx } from '../db/database';
import type { IncomingEvent } from './event';
import { claimInbox } from './inbox';

const dialect = new PgDialect();
const event = (eventId: string, offset: string) =>
  ({ topic: 'order.created', partition: 1, offset, metadata: { eventId } }) as IncomingEvent;

/** A transaction whose inbox already holds `applied`. */
function fakeTx(applied: string[]) {
  const statements: { sql: string; params: unknown[] }[] = [];
  const tx = {
    execute: async (query: SQL) => {
      const rendered = dialect.sqlToQuery(query);
      statements.push(rendered);
      const ids = rendered.params.filter((_, index) => index % 5 === 1) as string[];
      return [...new Set(ids)].filter((id) => !applied.includes(id)).map((id) => ({ event_id: id }));
    },
  } as unknown as Tx;
  return { tx, statements };
}

describe('claimInbox', () => {
  it('given a run, then one statement claims it all and only events not applied before come back true', async () => {
    const { tx, statements } = fakeTx(['e-2']);
    const claimed = await claimInbox(tx, 'order-service', [event('e-1', '10'), event('e-2', '11')]);
    expect(claimed).toEqual([true, false]);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.sql).toMatch(/insert into inbox .* on conflict do nothing\s+returning event_id/s);
    expect(statements[0]?.params).toEqual([
      'order-service',
      'e-1',
      'order.created',
      1,
      '10',
      'order-service',
      'e-2',
      'order.created',
      1,
      '11',
    ]);
  });

  it('given the same event twice in a run, then only its first copy is applied', async () => {
    const { tx } = fakeTx([]);
    expect(await claimInbox(tx, 'g', [event('e-1', '10'), event('e-1', '11')])).toEqual([true, false]);
  });

  it('given an empty run, then the database is not asked', async () => {
    const { tx, statements } = fakeTx([]);
    expect(await claimInbox(tx, 'g', [])).toEqual([]);
    expect(statements).toEqual([]);
  });
});
