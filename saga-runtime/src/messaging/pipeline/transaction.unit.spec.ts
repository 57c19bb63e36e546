import { describe, expect, it } from 'vitest';
import type { AfterCommit } from '../../db/after-commit';
import type { Database, Tx } from '../../db/database';
import { RunFailure } from '../message';
import { runTransactions } from './transaction';

/** A database whose transactions keep what `apply` wrote only if it resolves. */
function fakeDatabase(options: { commitFails?: boolean } = {}) {
  const committed: string[] = [];
  let open = 0;
  let overlapped = false;
  let transactions = 0;
  const db = {
    transaction: async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
      open += 1;
      transactions += 1;
      overlapped ||= open > 1;
      const written: string[] = [];
      try {
        const result = await work({ written } as unknown as Tx);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (options.commitFails) throw new Error('connection closed');
        committed.push(...written);
        return result;
      } finally {
        open -= 1;
      }
    },
  } as unknown as Pick<Database, 'transaction'>;
  return { db, committed, overlapped: () => overlapped, transactions: () => transactions };
}

/** Writes each item, and asks for it to be counted once committed (into `counted`). */
const writeAll =
  (failing?: string, counted: string[] = []) =>
  async (tx: Tx, items: string[], afterCommit: AfterCommit): Promise<boolean[]> => {
    for (const [index, item] of items.entries()) {
      if (item === failing) throw new RunFailure(index, new Error(`${item} failed`));
      (tx as unknown as { written: string[] }).written.push(item);
      afterCommit(() => counted.push(item));
    }
    return items.map(() => true);
  };

describe('runTransactions', () => {
  it('given a run, then it is applied in one transaction', async () => {
    const { db, committed } = fakeDatabase();
    const result = await runTransactions(db, writeAll())(['a', 'b', 'c']);
    expect(result).toEqual({ results: [true, true, true], failure: undefined });
    expect(committed).toEqual(['a', 'b', 'c']);
  });

  it('given an item failing, then the items before it are committed without it and the failure is returned', async () => {
    const { db, committed } = fakeDatabase();
    const { results, failure } = await runTransactions(db, writeAll('b'))(['a', 'b', 'c']);
    expect(committed).toEqual(['a']);
    expect(results).toEqual([true]);
    expect(failure).toMatchObject({ index: 1, cause: new Error('b failed') });
  });

  it('given an item failing, then what the items before it asked for after the commit runs once, and nothing of the rest', async () => {
    const { db } = fakeDatabase();
    const counted: string[] = [];
    await runTransactions(db, writeAll('c', counted))(['a', 'b', 'c', 'd']);
    expect(counted).toEqual(['a', 'b']);
  });

  it('given the commit fails, then nothing is committed, nothing runs after it, and the failure is the first item', async () => {
    const { db, committed } = fakeDatabase({ commitFails: true });
    const counted: string[] = [];
    const { results, failure } = await runTransactions(db, writeAll(undefined, counted))(['a', 'b']);
    expect(committed).toEqual([]);
    expect(counted).toEqual([]);
    expect(results).toEqual([]);
    expect(failure).toMatchObject({ index: 0, cause: new Error('connection closed') });
  });

  it('given runs of several partitions at once, then they are applied together in one transaction', async () => {
    const { db, committed, transactions } = fakeDatabase();
    const inTransaction = runTransactions(db, writeAll());
    const [first, second] = await Promise.all([inTransaction(['a']), inTransaction(['b', 'c'])]);
    expect(transactions()).toBe(1);
    expect(first).toEqual({ results: [true] });
    expect(second).toEqual({ results: [true, true] });
    expect(committed).toEqual(['a', 'b', 'c']);
  });

  it('given runs at once and an item of one failing, then runs before it commit, it fails at its own index, and runs after it are applied next', async () => {
    const { db, committed, overlapped } = fakeDatabase();
    const inTransaction = runTransactions(db, writeAll('c'));
    const [first, second, third] = await Promise.all([
      inTransaction(['a']),
      inTransaction(['b', 'c', 'd']),
      inTransaction(['e']),
    ]);
    expect(first).toEqual({ results: [true] });
    expect(second).toMatchObject({ results: [true], failure: { index: 1, cause: new Error('c failed') } });
    expect(third).toEqual({ results: [true] });
    expect(committed).toEqual(['a', 'b', 'e']);
    expect(overlapped()).toBe(false);
  });

  it('given a run arriving while a transaction is under way, then it waits for the next one', async () => {
    const { db, overlapped, transactions } = fakeDatabase();
    const inTransaction = runTransactions(db, writeAll());
    const first = inTransaction(['a']);
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([first, inTransaction(['b'])]);
    expect(overlapped()).toBe(false);
    expect(transactions()).toBe(2);
  });
});
