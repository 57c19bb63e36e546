import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayDatabase } from '../testing/throwaway-database';
import { type LeaderSession, outboxStore } from './outbox-store';

const scratch = throwawayDatabase('outbox-store', undefined, { max: 2 });
const service = `it-${crypto.randomUUID().slice(0, 8)}`;
const sessions: LeaderSession[] = [];

async function session(): Promise<LeaderSession> {
  const opened = await outboxStore(scratch.database.sql, service).session();
  sessions.push(opened);
  return opened;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(() => scratch.setup());
afterAll(async () => {
  for (const opened of sessions) await opened.end();
  await scratch.close();
});

describe('outbox store leadership on a real server', () => {
  it('given one session leads, then another cannot until the first ends', async () => {
    const first = await session();
    const second = await session();
    expect(await first.tryLead()).toBe(true);
    expect(first.leading()).toBe(true);
    expect(await second.tryLead()).toBe(false);
    expect(second.leading()).toBe(false);

    await first.end();
    expect(first.leading()).toBe(false);
    expect(await second.tryLead()).toBe(true);
    await second.end();
  });

  it('given the server drops the leader session, then it knows it no longer leads, another session leads, and the pool is unharmed', async () => {
    const leader = await session();
    expect(await leader.tryLead()).toBe(true);
    const { sql } = scratch.database;
    await sql`select count(*) from outbox`;

    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()
        and query like '%pg_try_advisory_lock%'`;
    await until(() => !leader.leading(), 'the session to notice its connection closed');
    await leader.end();

    const next = await session();
    expect(await next.tryLead()).toBe(true);
    for (let i = 0; i < 5; i += 1) {
      expect(await sql<{ n: number }[]>`select count(*)::int as n from outbox`).toEqual([{ n: 0 }]);
    }
    await next.end();
  });
});
