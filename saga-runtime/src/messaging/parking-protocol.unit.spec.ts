import type postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { rawMessage } from '../testing/handler-harness';
import { parkingProtocol } from './parking-protocol';
import type { OutgoingRecord } from './publish';

interface Statement {
  text: string;
  values: unknown[];
  inTransaction: boolean;
}

/** postgres.js as far as the protocol uses it: each statement is recorded and answered by `answer`. */
function fakeSql(answer: (text: string) => unknown[] = () => []) {
  const statements: Statement[] = [];
  let inTransaction = false;
  const sql = ((strings: TemplateStringsArray | unknown[], ...values: unknown[]) => {
    if (!('raw' in strings)) return { list: strings };
    const text = strings.join('?').replace(/\s+/g, ' ').trim();
    statements.push({ text, values, inTransaction });
    return Promise.resolve(answer(text));
  }) as unknown as postgres.Sql;
  Object.assign(sql, {
    begin: async (work: (tx: postgres.Sql) => Promise<unknown>) => {
      inTransaction = true;
      try {
        return await work(sql);
      } finally {
        inTransaction = false;
      }
    },
  });
  return { sql, statements };
}

const keyed = (key: string) => ({
  ...rawMessage('payment.completed', Buffer.from('bytes'), { 'event-id': 'e-1' }, 12),
  key: Buffer.from(key),
});

describe('parking protocol', () => {
  it('given keys of a run, then one query tells which are blocked and whether for a redrive', async () => {
    const { sql, statements } = fakeSql(() => [{ message_key: 'o-1', event_id: 'e-1', redrive: true }]);
    const blocks = await parkingProtocol(sql, 'order-service').blocks(['o-1', 'o-2']);
    expect(blocks).toEqual(new Map([['o-1', { eventId: 'e-1', redrive: true }]]));
    expect(statements).toHaveLength(1);
    expect(statements[0]?.values).toEqual(['order-service', { list: ['o-1', 'o-2'] }]);
  });

  it('given a dead-lettered message, then its offset is listed as not applied and its key blocked at its dead letter, a redrive reset', async () => {
    const { sql, statements } = fakeSql();
    await parkingProtocol(sql, 'order-service').block(keyed('o-1'), { partition: 2, offset: '7' });
    expect(statements.map((s) => s.inTransaction)).toEqual([true, true]);
    expect(statements[0]?.text).toMatch(/insert into dead_lettered_offsets .* on conflict do nothing/);
    expect(statements[0]?.values).toEqual(['order-service', 'payment.completed', 0, '12', 'e-1']);
    expect(statements[1]?.text).toMatch(/insert into parked_keys .* on conflict .* redrive = false/);
    expect(statements[1]?.values).toEqual(['order-service', 'o-1', 'e-1', 2, '7']);
  });

  it('given a dead-lettered message without a key, then only its offset is listed: nothing waits behind it', async () => {
    const { sql, statements } = fakeSql();
    await parkingProtocol(sql, 'order-service').block(rawMessage('payment.completed', null, {}, 3), {
      partition: 0,
      offset: '1',
    });
    expect(statements).toHaveLength(1);
    expect(statements[0]?.values).toEqual(['order-service', 'payment.completed', 0, '3', null]);
  });

  it('given its dead letter again, then its position is listed as not applied', async () => {
    const { sql, statements } = fakeSql();
    await parkingProtocol(sql, 'order-service').unapplied(keyed('o-1'));
    expect(statements[0]?.text).toMatch(/insert into dead_lettered_offsets .* on conflict do nothing/);
    expect(statements[0]?.values).toEqual(['order-service', 'payment.completed', 0, '12', 'e-1']);
  });

  it('given a message of a blocked key, then it is stored byte for byte with its headers', async () => {
    const { sql, statements } = fakeSql();
    await parkingProtocol(sql, 'order-service').park(keyed('o-1'));
    expect(statements[0]?.values).toEqual([
      'order-service',
      'o-1',
      'payment.completed',
      0,
      '12',
      Buffer.from('bytes').toString('base64'),
      JSON.stringify({ 'event-id': 'e-1' }),
    ]);
  });

  it('given messages parked behind a key, then a release deletes and publishes them in arrival order, in one transaction', async () => {
    const rows = [
      { id: '10', topic: 'b', value: Buffer.from('second').toString('base64'), headers: { n: '2' } },
      { id: '9', topic: 'a', value: null, headers: { n: '1' } },
    ];
    const { sql, statements } = fakeSql((text) =>
      text.startsWith('delete from parked_messages') ? rows : [],
    );
    const published: OutgoingRecord[][] = [];
    const count = await parkingProtocol(sql, 'order-service').release('o-1', async (records) => {
      published.push(records);
      return [];
    });
    expect(count).toBe(2);
    expect(published).toEqual([
      [
        { topic: 'a', key: 'o-1', value: null, headers: { n: '1' } },
        { topic: 'b', key: 'o-1', value: Buffer.from('second'), headers: { n: '2' } },
      ],
    ]);
    expect(statements.map((s) => s.inTransaction)).toEqual([true]);
  });

  it('given a discard, then the key opens in the same transaction as the release', async () => {
    const { sql, statements } = fakeSql();
    await parkingProtocol(sql, 'order-service').discard('o-1', async () => []);
    expect(statements.map((s) => [s.text.split(' where')[0], s.inTransaction])).toEqual([
      ['delete from parked_messages', true],
      ['delete from parked_keys', true],
    ]);
  });
});
