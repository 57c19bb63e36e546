import type postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { outboxStore } from './outbox-store';

/** A pool; every statement is logged as `<where>: <text>`. */
function fakePool(rows: Record<string, unknown>[] = []) {
  const log: string[] = [];
  const tag =
    (where: string) =>
    (strings: TemplateStringsArray | unknown[], ...values: unknown[]) => {
      if (!('raw' in strings)) return strings;
      log.push(`${where}: ${strings.join('?').replace(/\s+/g, ' ').trim()} [${values.join(', ')}]`);
      return Promise.resolve(rows);
    };
  const listened: string[] = [];
  const pool = Object.assign(tag('pool'), {
    listen: async (channel: string) => {
      listened.push(channel);
      return { unlisten: async () => void listened.pop() };
    },
  }) as unknown as postgres.Sql;
  return { pool, log, listened };
}

describe('outbox store', () => {
  it('given unpublished rows, then what was sent last is marked and the rest read in id order, in one statement', async () => {
    const { pool, log } = fakePool([
      { id: '7', event_id: 'e-7', topic: 't', message_key: 'o-1', payload: { a: 1 }, headers: { h: 'v' } },
    ]);
    const rows = await outboxStore(pool, 'order').unpublished(500, ['5', '6']);
    expect(rows).toEqual([
      { id: '7', eventId: 'e-7', topic: 't', key: 'o-1', payload: { a: 1 }, headers: { h: 'v' } },
    ]);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/update outbox set published_at = now\(\) where id = any\(\?::bigint\[\]\)/);
    expect(log[0]).toMatch(
      /where published_at is null and not \(id = any\(\?::bigint\[\]\)\) order by id limit \? \[5,6, 5,6, 500\]$/,
    );
  });

  it('given a wake callback, then it listens on the channel outbox writers notify, until unsubscribed', async () => {
    const { pool, listened } = fakePool();
    const unlisten = await outboxStore(pool, 'order').listen(() => {});
    expect(listened).toEqual(['outbox']);
    await unlisten();
    expect(listened).toEqual([]);
  });
});
