import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../db/database';
import { AppError } from '../../errors';
import { rawMessage, silentLogger } from '../../testing/handler-harness';
import type { RawMessage } from '../message';
import { applyRuns } from './apply';

type Event = { eventId: string; orderId: string; occurredAt: number; note: string };
type Events = { 'order.created': Event; 'order.confirmed': Event };
const dialect = new PgDialect();

/** A database holding the inbox and outbox; what a transaction wrote is kept only if it commits. */
function fakeDatabase() {
  const inbox = new Set<string>();
  const outbox: string[] = [];
  let transactions = 0;
  const db = {
    transaction: async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
      transactions += 1;
      const claims: string[] = [];
      const writes: string[] = [];
      const tx = {
        execute: async (query: SQL) => {
          const { sql, params } = dialect.sqlToQuery(query);
          if (sql.includes('insert into inbox')) {
            // The run travels as one JSON parameter.
            const run = params.find((param) => String(param).startsWith('[')) as string;
            const ids = (JSON.parse(run) as { event_id: string }[]).map((row) => row.event_id);
            const fresh = ids.filter((id) => !inbox.has(id));
            claims.push(...fresh);
            return fresh.map((id) => ({ event_id: id }));
          }
          writes.push(JSON.parse(params[4] as string).note);
          return [];
        },
      } as unknown as Tx;
      const result = await work(tx);
      for (const id of claims) inbox.add(id);
      outbox.push(...writes);
      return result;
    },
  } as unknown as Pick<Database, 'transaction'>;
  return { db, inbox, outbox, transactions: () => transactions };
}

function harness(failing: Record<string, unknown> = {}) {
  const database = fakeDatabase();
  const handled: string[] = [];
  const duplicates: string[] = [];
  const handle = applyRuns<Events>({
    db: database.db,
    groupId: 'order-service',
    handlers: {
      'order.created': async (event, { publish }) => {
        if (failing[event.value.note]) throw failing[event.value.note];
        await publish('order.confirmed', { ...event.value, eventId: `${event.value.eventId}-reply` });
      },
    },
    decode: async (buffer) => ({ value: JSON.parse(buffer.toString()) }),
    outbox: { producer: 'order', validate: () => {}, traceContext: () => ({}) },
    logger: silentLogger(),
    onHandled: (topic) => void handled.push(topic),
    onDuplicate: (topic) => void duplicates.push(topic),
  });
  return { ...database, handle, handled, duplicates };
}

const message = (note: string, offset: number): RawMessage =>
  rawMessage(
    'order.created',
    Buffer.from(JSON.stringify({ eventId: `e-${note}`, orderId: 'o-1', occurredAt: 0, note })),
    {},
    offset,
  );
const run = ['a', 'b', 'c'].map(message);

describe('applyRuns', () => {
  it('given a run, then one transaction claims it in the inbox and applies every event, each reported after the commit', async () => {
    const { handle, inbox, outbox, transactions, handled } = harness();
    await handle(run);
    expect(transactions()).toBe(1);
    expect([...inbox]).toEqual(['e-a', 'e-b', 'e-c']);
    expect(outbox).toEqual(['a', 'b', 'c']);
    expect(handled).toHaveLength(3);
  });

  it('given an event applied before, then its handler does not run again and it is reported as a duplicate', async () => {
    const { handle, outbox, duplicates } = harness();
    await handle(run.slice(0, 1));
    await handle(run);
    expect(outbox).toEqual(['a', 'b', 'c']);
    expect(duplicates).toEqual(['order.created']);
  });

  it('given a handler failing mid-run, then the events before it commit, and the failure names it', async () => {
    const refused = AppError.poison('ORDER_NOT_FOUND', 'no such order');
    const { handle, inbox, outbox } = harness({ b: refused });
    await expect(handle(run)).rejects.toMatchObject({ index: 1, cause: refused });
    expect([...inbox]).toEqual(['e-a']);
    expect(outbox).toEqual(['a']);
  });

  it('given a message that does not decode, then the ones before it are applied, and the failure names it', async () => {
    const { handle, outbox } = harness();
    const garbage = rawMessage('order.created', Buffer.from('not json'), {}, 1);
    await expect(handle([run[0]!, garbage, run[2]!])).rejects.toMatchObject({ index: 1 });
    expect(outbox).toEqual(['a']);
  });
});
