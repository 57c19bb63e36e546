import { describe, expect, it } from 'vitest';
import { parkingIndex } from './parking-index';

function database(blocked: string[]) {
  let loads = 0;
  let down = false;
  return {
    load: async () => {
      loads += 1;
      if (down) throw new Error('database away');
      return [...blocked];
    },
    loads: () => loads,
    goDown: (value: boolean) => {
      down = value;
    },
    blocked,
  };
}

describe('parking index', () => {
  it('given keys blocked in the database, when first asked, then it loads them once and names only those', async () => {
    const db = database(['o-1']);
    const index = parkingIndex(db.load);
    expect(await index.suspects(['o-1', 'o-2'])).toEqual(['o-1']);
    expect(await index.suspects(['o-2'])).toEqual([]);
    expect(db.loads()).toBe(1);
  });

  it('given a key this member blocks, then it is a suspect without loading again', async () => {
    const index = parkingIndex(database([]).load);
    await index.suspects([]);
    index.blocked('o-3');
    expect(await index.suspects(['o-3'])).toEqual(['o-3']);
  });

  it('given a key found open, then it is no longer a suspect', async () => {
    const index = parkingIndex(database(['o-1']).load);
    await index.suspects([]);
    index.opened('o-1');
    expect(await index.suspects(['o-1'])).toEqual([]);
  });

  it('given the member joined again, then blocks made by the former owner of its partitions are loaded', async () => {
    const db = database([]);
    const index = parkingIndex(db.load);
    expect(await index.suspects(['o-4'])).toEqual([]);
    db.blocked.push('o-4');
    index.reload();
    expect(await index.suspects(['o-4'])).toEqual(['o-4']);
  });

  it('given the database away while loading, then the check fails and the next one loads again', async () => {
    const db = database(['o-1']);
    const index = parkingIndex(db.load);
    db.goDown(true);
    await expect(index.suspects(['o-1'])).rejects.toThrow('database away');
    db.goDown(false);
    expect(await index.suspects(['o-1'])).toEqual(['o-1']);
  });
});
