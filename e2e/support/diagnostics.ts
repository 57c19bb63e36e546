import { readFileSync } from 'node:fs';
import { groupLag } from '@saga/saga-runtime';
import { consumerGroups } from '@saga/schemas';
import { kafka } from './kafka';

/**
 * What a failed story prints, so that a CI log alone says where the saga stopped: each service's
 * warnings and errors since the story began (counted, then the latest, dead letters among
 * them), and every consumer group with a partition behind.
 */
export async function printDiagnostics(logFiles: Map<string, { path: string; from: number }>): Promise<void> {
  const lines: string[] = ['', '──── e2e diagnostics (the story failed) ────'];
  for (const [service, { path, from }] of logFiles) lines.push(...logSummary(service, path, from));
  lines.push(
    ...(await lagSummary().catch((error: unknown) => [`consumer lag unavailable: ${String(error)}`])),
  );
  console.error(lines.join('\n'));
}

// kafkajs repeats these for every reconnect attempt during an outage: noise, not a cause.
const chatter = /ECONNREFUSED|Failed to connect to seed broker|Response (Heartbeat|Metadata|OffsetCommit)/;

function logSummary(service: string, path: string, from: number): string[] {
  let text: string;
  try {
    text = readFileSync(path).subarray(from).toString();
  } catch {
    return [`${service}: no log`];
  }
  const notable = text
    .split('\n')
    .filter((line) => /"level":"(warn|error)"|e2e supervisor/.test(line) && !chatter.test(line));
  const counts = new Map<string, number>();
  for (const line of notable) {
    const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 120);
    counts.set(msg, (counts.get(msg) ?? 0) + 1);
  }
  return [
    `${service}: ${notable.length} warnings/errors`,
    ...[...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([msg, count]) => `  ${String(count).padStart(5)} × ${msg}`),
    ...notable.slice(-8).map((line) => `  last: ${line.slice(0, 600)}`),
  ];
}

async function lagSummary(): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lines: string[] = [];
    for (const group of consumerGroups) {
      const behind = (await groupLag(admin, group.id)).filter((row) => row.lag > 0);
      if (behind.length === 0) continue;
      const [description] = (await admin.describeGroups([group.id])).groups;
      lines.push(
        `${group.id}: ${description?.state ?? 'unknown'}, ${description?.members.length ?? 0} member(s)`,
      );
      for (const row of behind)
        lines.push(`  behind: ${row.topic}[${row.partition}] committed ${row.committed} of ${row.end}`);
    }
    return lines.length > 0 ? lines : ['every consumer group is caught up'];
  } finally {
    await admin.disconnect();
  }
}
