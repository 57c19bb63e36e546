import { count } from '../format';
import type { FloorCase, FloorSettings } from '../options';
import { round } from '../stats';

export interface FloorWindow {
  run: number;
  kind: FloorCase;
  /** Messages per second offered; 0: flat out. */
  rate: number;
  seconds: number;
  /** Handled by the sink: the consumer, the transaction's worker, or the hop. */
  messages: number;
  /** CPU (user and system) each process used in the window. */
  cpuSeconds: Record<string, number>;
}

export interface FloorResult {
  startedAt: string;
  settings: FloorSettings;
  /** What decides a commit's cost: fsync, synchronous_commit, and so on. */
  postgres: Record<string, string>;
  windows: FloorWindow[];
}

/** One case at one rate over every run: messages per second, and CPU µs per message by process. */
export interface FloorRow {
  kind: FloorCase;
  rate: number;
  messagesPerSecond: number[];
  processes: { name: string; microseconds: number[]; median: number }[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The windows grouped by case and rate, in the order they ran; a window without messages is left out. */
export function summarise(windows: readonly FloorWindow[]): FloorRow[] {
  const groups = new Map<string, FloorWindow[]>();
  for (const window of windows.filter(({ messages }) => messages > 0)) {
    const key = `${window.kind} ${window.rate}`;
    groups.set(key, [...(groups.get(key) ?? []), window]);
  }
  return [...groups.values()].map((group) => {
    const names = [...new Set(group.flatMap((window) => Object.keys(window.cpuSeconds)))];
    return {
      kind: group[0]!.kind,
      rate: group[0]!.rate,
      messagesPerSecond: group.map(({ messages, seconds }) => round(messages / seconds)),
      processes: names.map((name) => {
        const microseconds = group.map(({ cpuSeconds, messages }) =>
          Math.round(((cpuSeconds[name] ?? 0) * 1e6) / messages),
        );
        return { name, microseconds, median: median(microseconds) };
      }),
    };
  });
}

export function renderFloor(rows: readonly FloorRow[]): string {
  const lines = ['CPU µs per message: median, then each run'];
  for (const { kind, rate, messagesPerSecond, processes } of rows) {
    const load = rate > 0 ? `${count(rate)} msg/s` : 'saturation';
    lines.push(`${kind} at ${load} (msg/s: ${messagesPerSecond.join(', ')})`);
    for (const { name, microseconds, median } of processes)
      lines.push(`  ${name.padEnd(12)}${count(median).padStart(8)}   ${microseconds.map(count).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
