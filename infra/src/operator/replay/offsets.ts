import type { Admin } from 'kafkajs';

export type Target =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'timestamp'; at: Date }
  | { kind: 'offsets'; offsets: Map<number, string> };

export interface PlanRow {
  topic: string;
  partition: number;
  /** The committed offset, or null when the group never committed on this partition. */
  from: string | null;
  to: string;
  /** Events the group will read again (negative: events it will skip). */
  reread: number;
}

/** Parses `--to`: earliest, latest, an ISO timestamp, or `partition:offset,...`. */
export function parseTarget(raw: string): Target {
  if (raw === 'earliest' || raw === 'latest') return { kind: raw };
  if (/^\d+:\d+(,\d+:\d+)*$/.test(raw)) {
    return {
      kind: 'offsets',
      offsets: new Map(
        raw
          .split(',')
          .map((pair) => pair.split(':') as [string, string])
          .map(([p, o]) => [Number(p), o]),
      ),
    };
  }
  const at = new Date(raw);
  if (/^\d{4}-\d{2}-\d{2}/.test(raw) && !Number.isNaN(at.getTime())) return { kind: 'timestamp', at };
  throw new Error(
    `--to must be earliest, latest, an ISO timestamp or partition:offset[,partition:offset…]; got "${raw}"`,
  );
}

/** Where the group is and where it would go, per partition, without changing anything. */
export async function planReset(
  admin: Admin,
  groupId: string,
  topics: string[],
  target: Target,
): Promise<PlanRow[]> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  const rows: PlanRow[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const atTime =
      target.kind === 'timestamp' ? await admin.fetchTopicOffsetsByTimestamp(topic, target.at.getTime()) : [];
    for (const end of ends.sort((a, b) => a.partition - b.partition)) {
      const current = committed
        .find((c) => c.topic === topic)
        ?.partitions.find((p) => p.partition === end.partition)?.offset;
      const from = current === undefined || Number(current) < 0 ? null : current;
      let to: string;
      switch (target.kind) {
        case 'earliest':
          to = end.low;
          break;
        case 'latest':
          to = end.high;
          break;
        case 'timestamp':
          // No message at or after the time: the end of the partition.
          to = atTime.find((p) => p.partition === end.partition)?.offset ?? end.high;
          if (Number(to) < 0) to = end.high;
          break;
        case 'offsets': {
          const wanted = target.offsets.get(end.partition);
          if (wanted === undefined) continue;
          if (Number(wanted) < Number(end.low) || Number(wanted) > Number(end.high)) {
            throw new Error(
              `${topic}[${end.partition}]: offset ${wanted} is outside ${end.low}..${end.high}`,
            );
          }
          to = wanted;
          break;
        }
      }
      rows.push({ topic, partition: end.partition, from, to, reread: Number(from ?? end.low) - Number(to) });
    }
  }
  return rows;
}

export async function applyReset(admin: Admin, groupId: string, plan: PlanRow[]): Promise<void> {
  for (const topic of new Set(plan.map((row) => row.topic))) {
    const partitions = plan
      .filter((row) => row.topic === topic)
      .map((row) => ({ partition: row.partition, offset: row.to }));
    await admin.setOffsets({ groupId, topic, partitions });
  }
}

/** Kafka only moves the offsets of a group nobody consumes in: its members must be gone. */
export async function activeMembers(admin: Admin, groupId: string): Promise<number> {
  const { groups } = await admin.describeGroups([groupId]);
  return groups[0]?.members.length ?? 0;
}

export async function waitUntilEmpty(admin: Admin, groupId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await activeMembers(admin, groupId)) > 0) {
    if (Date.now() > deadline)
      throw new Error(`group ${groupId} still has members after ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export function formatPlan(plan: PlanRow[]): string {
  const lines = plan.map(
    (row) =>
      `  ${`${row.topic}[${row.partition}]`.padEnd(28)} ${String(row.from ?? '-').padStart(8)} → ${row.to.padEnd(8)} ${row.reread >= 0 ? `${row.reread} to re-read` : `${-row.reread} skipped`}`,
  );
  const total = plan.reduce((sum, row) => sum + Math.max(0, row.reread), 0);
  return [
    `  ${'partition'.padEnd(28)} ${'from'.padStart(8)} → to`,
    ...lines,
    `  ${total} events to re-read in total`,
  ].join('\n');
}
