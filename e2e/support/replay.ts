import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot, urls } from '@saga/infra/settings';
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
      for (const table of tables) {
        // When the relay marks a row published is its own bookkeeping: the events are what count.
        const rows =
          table === 'outbox'
            ? `(select id, event_id, topic, message_key, payload, headers from outbox)`
            : `"${table}"`;
        const [row] = await sql.unsafe(
          `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${rows} t`,
        );
        result[`${service}.${table}`] = `${row?.n} rows, ${row?.digest}`;
      }
    } finally {
      await sql.end();
    }
  }
  return result;
}
