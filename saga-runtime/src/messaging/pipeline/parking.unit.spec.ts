import { describe, expect, it } from 'vitest';
import { rawMessage, silentLogger } from '../../testing/handler-harness';
import type { RawMessage } from '../message';
import { parkingIndex } from '../parking-index';
import type { Block } from '../parking-protocol';
import { parking } from './parking';

const message = (offset: number, key: string, eventId = `e-${offset}`): RawMessage => ({
  ...rawMessage('order.created', Buffer.from('x'), { 'event-id': eventId }, offset),
  key: Buffer.from(key),
});

function harness(
  blocked: Record<string, Block>,
  parkedBefore: Record<string, number> = {},
  fail?: (run: RawMessage[]) => Error | undefined,
  /** Offsets at or below the partition's watermark (and not dead-lettered there). */
  appliedOffsets: string[] = [],
  /** Keys the index holds but the database no longer blocks (opened by the operator). */
  stale: string[] = [],
) {
  const queries: string[][] = [];
  const parked: string[] = [];
  const reopened: string[] = [];
  const released: string[] = [];
  const unapplied: string[] = [];
  const applied: string[][] = [];
  const handle = parking({
    protocol: {
      blocks: async (keys) => {
        queries.push(keys);
        return new Map(Object.entries(blocked).filter(([key]) => keys.includes(key)));
      },
      park: async (parkedMessage) => void parked.push(parkedMessage.offset),
      reopen: async (key) => void reopened.push(key),
      unapplied: async (deadLetter) => void unapplied.push(deadLetter.offset),
      release: async (key) => {
        released.push(key);
        return parkedBefore[key] ?? 0;
      },
    },
    index: parkingIndex(async () => [...Object.keys(blocked), ...stale]),
    alreadyApplied: async (messages) => messages.map((m) => appliedOffsets.includes(m.offset)),
    publish: async () => [],
    logger: silentLogger(),
  })(async (run) => {
    const failure = fail?.(run);
    if (failure) throw failure;
    applied.push(run.map((m) => m.offset));
  });
  return { handle, queries, parked, reopened, released, unapplied, applied };
}

describe('parking step', () => {
  it('given no key of the run may be blocked, then no query and the whole run goes on', async () => {
    const { handle, queries, applied } = harness({ z: { eventId: 'e-dead', redrive: false } });
    await handle([message(0, 'a'), message(1, 'b'), message(2, 'a')]);
    expect(queries).toEqual([]);
    expect(applied).toEqual([['0', '1', '2']]);
  });

  it('given a key the operator opened since, then one query finds it open, the run goes on, and the key is not asked about again', async () => {
    const { handle, queries, applied } = harness({}, {}, undefined, [], ['a']);
    await handle([message(0, 'a'), message(1, 'b')]);
    await handle([message(2, 'a')]);
    expect(queries).toEqual([['a']]);
    expect(applied).toEqual([['0', '1'], ['2']]);
  });

  it('given a blocked key, then its messages are parked in place and the others applied around them, in order', async () => {
    const { handle, parked, applied } = harness({ b: { eventId: 'e-dead', redrive: false } });
    await handle([message(0, 'a'), message(1, 'b'), message(2, 'c'), message(3, 'b')]);
    expect(applied).toEqual([['0'], ['2']]);
    expect(parked).toEqual(['1', '3']);
  });

  it('given the redriven dead letter, then it is applied, its key reopens, and what waited behind it is released before the rest', async () => {
    const { handle, parked, applied, reopened, released } = harness(
      { b: { eventId: 'e-dead', redrive: true } },
      { b: 2 },
    );
    await handle([message(0, 'b'), message(1, 'b', 'e-dead'), message(2, 'b')]);
    expect(parked).toEqual(['0']);
    expect(applied).toEqual([['1'], ['2']]);
    expect(reopened).toEqual(['b']);
    expect(released).toEqual(['b']);
  });

  it('given the dead letter replayed from its original place without a redrive, then it is listed as not applied, applied, and its key reopens', async () => {
    const { handle, parked, unapplied, applied, reopened, released } = harness(
      { b: { eventId: 'e-dead', redrive: false } },
      { b: 1 },
      undefined,
      // Behind the watermark, and dead-lettered before positions were listed.
      ['4'],
    );
    await handle([message(4, 'b', 'e-dead')]);
    expect(parked).toEqual([]);
    expect(unapplied).toEqual(['4']);
    expect(applied).toEqual([['4']]);
    expect(reopened).toEqual(['b']);
    expect(released).toEqual(['b']);
  });

  it('given a replay of a blocked key, then what the group applied before its dead letter is acknowledged, not parked', async () => {
    const { handle, parked, applied } = harness({ b: { eventId: 'e-dead', redrive: false } }, {}, undefined, [
      '0',
    ]);
    await handle([message(0, 'b'), message(1, 'a'), message(2, 'b')]);
    expect(parked).toEqual(['2']);
    expect(applied).toEqual([['1']]);
  });

  it('given a failure after a parked message, then the failure names its place in the whole run', async () => {
    const { handle, parked } = harness(
      { b: { eventId: 'e-dead', redrive: false } },
      {},
      () => new Error('down'),
    );
    await expect(handle([message(0, 'b'), message(1, 'a')])).rejects.toMatchObject({ index: 1 });
    expect(parked).toEqual(['0']);
  });

  it('given the redriven dead letter fails again, then its key stays blocked and nothing is released', async () => {
    const { handle, reopened, released } = harness(
      { b: { eventId: 'e-dead', redrive: true } },
      { b: 1 },
      () => new Error('still broken'),
    );
    await expect(handle([message(0, 'b', 'e-dead')])).rejects.toMatchObject({ index: 0 });
    expect(reopened).toEqual([]);
    expect(released).toEqual([]);
  });
});
