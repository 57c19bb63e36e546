import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('groupCommit', () => {
  it('given items submitted in one turn, then they are processed as one batch', async () => {
    const batches: number[][] = [];
    const submit = groupCommit(async (batch: number[]) => {
      batches.push(batch);
      return [];
    });

    submit(1);
    submit(2);
    await nextTurn();

    expect(batches).toEqual([[1, 2]]);
  });

  it('given items submitted while a batch is under way, then they wait and go together into the next one', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const submit = groupCommit(async (batch: number[]) => {
      batches.push(batch);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return [];
    });

    submit(1);
    await nextTurn();
    submit(2);
    submit(3);
    release();
    await nextTurn();
    await nextTurn();

    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('given a batch hands items back untouched, then they lead the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const submit = groupCommit(async (batch: number[]) => {
      batches.push(batch);
      if (batches.length === 1) {
        await new Promise<void>((resolve) => (release = resolve));
        return batch.slice(1);
      }
      return [];
    });

    submit(1);
    submit(2);
    await nextTurn();
    submit(3);
    release();
    await nextTurn();
    await nextTurn();

    expect(batches).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });
});
