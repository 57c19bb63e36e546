import { topics as declaredTopics } from '@saga/schemas';
import type { Admin } from 'kafkajs';
import { describeAllGroups } from '../replay/groups';

export interface TopicReport {
  name: string;
  /** End offset of each partition, by partition number; null when the saga declares the topic but the broker lacks it. */
  ends: number[] | null;
  /** The groups that committed offsets on the topic, with their lag by partition number. */
  groups: { groupId: string; lags: number[] }[];
}

/** The saga's topics in declaration order, then whatever else the broker holds, such as other tools' topics. */
export async function describeTopics(admin: Admin): Promise<TopicReport[]> {
  // Kafka's own topics (__consumer_offsets) say nothing about the saga.
  const onBroker = new Set((await admin.listTopics()).filter((name) => !name.startsWith('__')));
  const names = [...new Set([...declaredTopics.map((topic) => topic.name), ...[...onBroker].sort()])];
  const groups = await describeAllGroups(admin);
  const reports: TopicReport[] = [];
  for (const name of names) {
    if (!onBroker.has(name)) {
      reports.push({ name, ends: null, groups: [] });
      continue;
    }
    const ends = await admin.fetchTopicOffsets(name);
    reports.push({
      name,
      ends: byPartition(ends.map((end) => ({ partition: end.partition, value: Number(end.high) }))),
      groups: groups.flatMap(({ groupId, lag }) => {
        const rows = lag.filter((row) => row.topic === name);
        if (!rows.some((row) => row.committed !== null)) return [];
        return [
          { groupId, lags: byPartition(rows.map((row) => ({ partition: row.partition, value: row.lag }))) },
        ];
      }),
    });
  }
  return reports;
}

function byPartition(rows: { partition: number; value: number }[]): number[] {
  const values: number[] = [];
  for (const { partition, value } of rows) values[partition] = value;
  return values;
}

/**
 * One row per topic (its end offsets) and one under it per group (its lag), with a column per
 * partition, so that a partition that lags or holds everything stands out.
 */
export function formatTopics(reports: TopicReport[]): string {
  const partitions = Math.max(0, ...reports.map((report) => report.ends?.length ?? 0));
  const head = ['TOPIC / CONSUMER GROUP', 'PARTITIONS', '', 'TOTAL'];
  const rows = [[...head, ...Array.from({ length: partitions }, (_, p) => `p${p}`)]];
  const numbers = (values: number[]) => [String(sum(values)), ...values.map(String)];
  for (const { name, ends, groups } of reports) {
    if (!ends) continue;
    rows.push([name, String(ends.length), 'end', ...numbers(ends)]);
    for (const { groupId, lags } of groups) rows.push([`  ${groupId}`, '', 'lag', ...numbers(lags)]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 || column === 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  const missing = reports
    .filter((report) => !report.ends)
    .map((report) => `${report.name.padEnd(widths[0]!)}  declared by the saga, not on the broker`);
  return [...rows.map(line), ...missing].join('\n');
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
