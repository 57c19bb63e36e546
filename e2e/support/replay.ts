import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { serviceNames } from '@saga/infra/services';
import { repoRoot, urls } from '@saga/infra/settings';
import { tableDigests } from '@saga/saga-runtime/testing';
import { groupsOf } from '@saga/schemas';
import postgres from 'postgres';
import { eventually } from './eventually';
import { consumersCaughtUp, kafka } from './kafka';
import type { System } from './system';

const run = promisify(execFile);

/** Runs `pnpm replay …` as a user would (through the same entry point). */
export async function replay(...args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'infra/src/operator/replay/cli.ts', ...args],
    {
      cwd: repoRoot,
      timeout: 300_000,
    },
  );
  return stdout;
}

export async function committedOffsets(groupId: string): Promise<Record<string, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets: Record<string, string> = {};
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
      for (const { partition, offset } of partitions) offsets[`${topic}[${partition}]`] = offset;
    }
    return offsets;
  } finally {
    await admin.disconnect();
  }
}

/** Every row of every table a service owns (messaging bookkeeping aside), to compare before and after. */
const owned: Record<string, string[]> = {
  order: ['orders', 'outbox', 'saga_timeline'],
  inventory: ['products', 'reservations', 'outbox'],
  payment: ['accounts', 'payments', 'cancelled_orders', 'outbox'],
  notification: ['notifications'],
};

export async function snapshot(): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [service, tables] of Object.entries(owned)) {
    const sql = postgres(`${urls.postgres}/${service}`, { max: 1, onnotice: () => {} });
    try {
      for (const [table, digest] of Object.entries(await tableDigests(sql, tables))) {
        result[`${service}.${table}`] = digest;
      }
    } finally {
      await sql.end();
    }
  }
  return result;
}

/**
 * Each service's saga group read again from earliest, as an operator does it: the service
 * stopped, `pnpm replay reset` on every topic the group committed on, the service started again,
 * then until it has caught up.
 */
export async function replayEveryServiceGroup(system: System): Promise<void> {
  for (const service of serviceNames) {
    const group = groupsOf(service).service.id;
    await system.kill(service, 'SIGTERM');
    const topics = Object.keys(await committedOffsets(group)).map((key) => key.replace(/\[\d+\]$/, ''));
    const output = await replay(
      'reset',
      '--group',
      group,
      ...[...new Set(topics)].flatMap((topic) => ['--topic', topic]),
      '--to',
      'earliest',
    );
    if (!output.includes('offsets moved')) throw new Error(`${group} was not reset:\n${output}`);
    await system.relaunch(service);
    await consumersCaughtUp([group]);
  }
}

/** Waits until no service's inbox holds any of these events any more: their retention passed. */
export async function inboxesForget(eventIds: string[]): Promise<void> {
  for (const service of serviceNames) {
    const sql = postgres(`${urls.postgres}/${service}`, { max: 1, onnotice: () => {} });
    try {
      await eventually(
        async () => {
          const [row] =
            await sql`select count(*)::int as n from inbox where event_id::text in ${sql(eventIds)}`;
          return row?.n === 0 ? true : undefined;
        },
        60_000,
        `the ${service} inbox to forget the saga's events`,
      );
    } finally {
      await sql.end();
    }
  }
}
