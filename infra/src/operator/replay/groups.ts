import { groupLag, type PartitionLag } from '@saga/saga-runtime';
import type { Admin } from 'kafkajs';

export interface GroupReport {
  groupId: string;
  state: string;
  members: number;
  lag: PartitionLag[];
}

/** Every consumer group with its state, members and lag per topic/partition. */
export async function describeAllGroups(admin: Admin): Promise<GroupReport[]> {
  const { groups } = await admin.listGroups();
  const ids = groups.map((group) => group.groupId).sort();
  if (ids.length === 0) return [];
  const described = (await admin.describeGroups(ids)).groups;
  const reports: GroupReport[] = [];
  for (const groupId of ids) {
    const description = described.find((group) => group.groupId === groupId);
    const lag = await groupLag(admin, groupId);
    reports.push({
      groupId,
      state: description?.state ?? 'Unknown',
      members: description?.members.length ?? 0,
      lag,
    });
  }
  return reports;
}

export function formatGroups(reports: GroupReport[]): string {
  return reports
    .map((report) => {
      const total = report.lag.reduce((sum, row) => sum + row.lag, 0);
      const rows = report.lag
        .filter((row) => row.lag > 0 || row.committed !== null)
        .map(
          (row) =>
            `    ${`${row.topic}[${row.partition}]`.padEnd(30)} committed ${String(row.committed ?? '-').padStart(7)}  end ${row.end.padStart(7)}  lag ${row.lag}`,
        );
      return [
        `${report.groupId}  state=${report.state} members=${report.members} lag=${total}`,
        ...rows,
      ].join('\n');
    })
    .join('\n');
}
