import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawMessage } from '../testing/handler-harness';
import { throwawayDatabase } from '../testing/throwaway-database';
import { alreadyApplied } from './applied-offsets';
import { claimInbox } from './inbox';
import { parkingProtocol } from './parking-protocol';

// The watermark and the inbox on a real Postgres: what a replay, a copy at a new offset and a
// dead letter find, before and after the inbox was pruned.
const throwaway = throwawayDatabase('applied_offsets', undefined);
beforeAll(() => throwaway.setup());
afterAll(() => throwaway.close());

const earlier = (ms: number) => String(Date.now() - ms);
const message = (topic: string, offset: number, eventId = randomUUID(), timestamp = earlier(60_000)) => ({
  ...rawMessage(topic, null, { 'event-id': eventId }, offset),
  key: Buffer.from(randomUUID()),
  eventId,
  timestamp,
});
type Message = ReturnType<typeof message>;

const claim = (group: string, run: Message[]) =>
  throwaway.database.db.transaction((tx) => claimInbox(tx, group, run));
const inboxRows = async (group: string) =>
  (await throwaway.database.sql`select count(*)::int as n from inbox where consumer_group = ${group}`)[0]?.n;
const pruneInbox = (group: string) =>
  throwaway.database.sql`delete from inbox where consumer_group = ${group}`;
const watermark = async (group: string, topic: string) =>
  (
    await throwaway.database.sql<{ offset: string }[]>`
      select "offset"::text from applied_offsets where consumer_group = ${group} and topic = ${topic}`
  )[0]?.offset;

describe('applied offsets (the watermark) with the inbox', () => {
  it('given a run applied and its inbox rows pruned, when it is replayed at its offsets, then none is applied and the inbox stays empty', async () => {
    const group = `g-${randomUUID()}`;
    const run = [message('t', 0), message('t', 1), message('t', 2)];
    expect(await claim(group, run)).toEqual([true, true, true]);
    expect(await watermark(group, 't')).toBe('2');

    await pruneInbox(group);
    expect(await claim(group, run)).toEqual([false, false, false]);
    expect(await inboxRows(group)).toBe(0);
    expect(await alreadyApplied(throwaway.database.db, group, run)).toEqual([true, true, true]);
  });

  it('given an event applied, when a copy of it comes at a new offset, then the inbox refuses it; once pruned, only the domain is left to', async () => {
    const group = `g-${randomUUID()}`;
    const first = message('t', 0);
    await claim(group, [first]);
    const copy = { ...first, offset: '1', timestamp: String(Date.now()) };
    expect(await claim(group, [copy])).toEqual([false]);

    await pruneInbox(group);
    const later = { ...first, offset: '2', timestamp: String(Date.now()) };
    expect(await claim(group, [later])).toEqual([true]);
  });

  it('keeps each partition and topic apart, and never moves a watermark down', async () => {
    const group = `g-${randomUUID()}`;
    await claim(group, [message('t', 5)]);
    expect(await claim(group, [message('u', 3)])).toEqual([true]);
    expect(await claim(group, [{ ...message('t', 2), partition: 1 }])).toEqual([true]);
    expect(await claim(group, [message('t', 4)])).toEqual([false]);
    expect(await watermark(group, 't')).toBe('5');
  });

  it('given a dead-lettered offset behind the watermark, then a replay applies it once, and a later replay does not', async () => {
    const group = `g-${randomUUID()}`;
    const dead = message('t', 0);
    await parkingProtocol(throwaway.database.sql, group).block(dead, { partition: 0, offset: '0' });
    await claim(group, [message('t', 1), message('t', 2)]);

    expect(await alreadyApplied(throwaway.database.db, group, [dead])).toEqual([false]);
    expect(await claim(group, [dead])).toEqual([true]);
    expect(await watermark(group, 't')).toBe('2');

    await pruneInbox(group);
    expect(await claim(group, [dead])).toEqual([false]);
  });

  it('given a dead letter from before positions were listed, when it comes again while its key is blocked, then it is applied', async () => {
    const group = `g-${randomUUID()}`;
    const dead = message('t', 0);
    await claim(group, [message('t', 1)]);
    expect(await claim(group, [dead])).toEqual([false]);

    await parkingProtocol(throwaway.database.sql, group).unapplied(dead);
    expect(await claim(group, [dead])).toEqual([true]);
  });

  it('given a dead letter applied through its redriven copy, then a replay of the original is a duplicate', async () => {
    const group = `g-${randomUUID()}`;
    const dead = message('t', 0);
    await parkingProtocol(throwaway.database.sql, group).block(dead, { partition: 0, offset: '0' });
    await claim(group, [message('t', 1)]);
    expect(await claim(group, [{ ...dead, offset: '9', timestamp: String(Date.now()) }])).toEqual([true]);

    await pruneInbox(group);
    expect(await claim(group, [dead])).toEqual([false]);
    const [left] = await throwaway.database.sql`
      select count(*)::int as n from dead_lettered_offsets where consumer_group = ${group}`;
    expect(left?.n).toBe(0);
  });

  it('given a topic created again (its offsets start anew), then its new messages are applied despite the old watermark', async () => {
    const group = `g-${randomUUID()}`;
    await claim(group, [message('t', 500, randomUUID(), earlier(3_600_000))]);
    await new Promise((resolve) => setTimeout(resolve, 5));

    const reborn = [
      message('t', 0, randomUUID(), String(Date.now())),
      message('t', 1, randomUUID(), String(Date.now())),
    ];
    expect(await claim(group, reborn)).toEqual([true, true]);
    expect(await watermark(group, 't')).toBe('500');
  });
});
