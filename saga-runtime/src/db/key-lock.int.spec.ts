import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayDatabase } from '../testing/throwaway-database';
import { readUnderKeyLock } from './key-lock';

const throwaway = throwawayDatabase('key_lock', undefined);
beforeAll(async () => {
  await throwaway.setup();
  await throwaway.database.db.execute(sql`create table notes (key text, note text)`);
});
afterAll(() => throwaway.close());

const notesOf = (key: string) => async () =>
  (await throwaway.database.db.execute<{ note: string }>(sql`select note from notes where key = ${key}`)).map(
    (row) => row.note,
  );

describe('readUnderKeyLock', () => {
  it('given a transaction holding a key, when another reads under the same key, then it waits for the commit and sees its write', async () => {
    const { db } = throwaway.database;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const first = db.transaction(async (tx) => {
      await readUnderKeyLock(tx, 'order-1', async () => []);
      locked();
      await held;
      await tx.execute(sql`insert into notes values ('order-1', 'first')`);
    });
    await lockTaken;
    let secondRead: string[] | undefined;
    const second = db.transaction(async (tx) => {
      secondRead = await readUnderKeyLock(tx, 'order-1', () =>
        tx
          .execute<{ note: string }>(sql`select note from notes where key = 'order-1'`)
          .then((rows) => rows.map((row) => row.note)),
      );
    });
    // Another key is not held up meanwhile.
    expect(await db.transaction((tx) => readUnderKeyLock(tx, 'order-2', notesOf('order-2')))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(secondRead).toBeUndefined();
    release();
    await Promise.all([first, second]);
    expect(secondRead).toEqual(['first']);
  });
});
