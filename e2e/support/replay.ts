import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot, urls } from '@saga/infra/settings';
import { tableDigests } from '@saga/saga-runtime/testing';
import postgres from 'postgres';
import { kafka } from './kafka';

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
