import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { testStack } from './test-stack';
import { throwawayDatabase } from './throwaway-database';

const admin = postgres(`${testStack.postgres()}/postgres`, { max: 1, onnotice: () => {} });

const exists = async (name: string) =>
  (await admin`select 1 from pg_database where datname = ${name}`).length > 0;

afterAll(() => admin.end());

// Every service's int tests rely on this: nothing they write may outlive them on the server.
describe('a throwaway database', () => {
  it('is created and given the runtime tables by setup, and dropped by close', async () => {
    const throwaway = throwawayDatabase('Saga-Runtime', undefined);
    expect(throwaway.name).toMatch(/^saga_runtime_it_[0-9a-f]{8}$/);

    await throwaway.setup();
    expect(await exists(throwaway.name)).toBe(true);
    const tables = await throwaway.database.sql`select table_name from information_schema.tables
      where table_schema = 'public' order by 1`;
    expect(tables.map((row) => row.table_name)).toEqual([
      'applied_offsets',
      'dead_lettered_offsets',
      'inbox',
      'outbox',
      'parked_keys',
      'parked_messages',
    ]);

    await throwaway.close();
    expect(await exists(throwaway.name)).toBe(false);
  });

  it('closes cleanly when setup never ran', async () => {
    const throwaway = throwawayDatabase('saga-runtime', undefined);
    await expect(throwaway.close()).resolves.toBeUndefined();
    expect(await exists(throwaway.name)).toBe(false);
  });
});
