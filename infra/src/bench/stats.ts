import type { Percentiles, TimelinePoint } from './result';

/** Nearest-rank percentiles; an empty sample gives zeros with count 0. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return {
    count: sorted.length,
    p50: round(rank(50)),
    p90: round(rank(90)),
    p99: round(rank(99)),
    max: round(sorted[sorted.length - 1]!),
  };
}

export const round = (value: number, digits = 1): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** Accepted and completed orders per whole second since `start`, with the latency of each second's completions. */
export function timeline(
  start: number,
  accepted: readonly number[],
  completions: readonly { at: number; latencyMs: number }[],
  seconds: number,
): TimelinePoint[] {
  const points = Array.from({ length: seconds }, (_, second) => ({
    second,
    accepted: 0,
    completed: 0,
    latencies: [] as number[],
  }));
  const slot = (at: number) => points[Math.floor((at - start) / 1000)];
  for (const at of accepted) {
    const point = slot(at);
    if (point) point.accepted += 1;
  }
  for (const { at, latencyMs } of completions) {
    const point = slot(at);
    if (!point) continue;
    point.completed += 1;
    point.latencies.push(latencyMs);
  }
  return points.map(({ latencies, ...point }) => {
    const figures = percentiles(latencies);
    return {
      ...point,
      p50: figures.count ? figures.p50 : null,
      p99: figures.count ? figures.p99 : null,
    };
  });
}

/** Completions per second in the middle 80 % of the run: ramp-up and tail are not "sustained". */
export function sustainedRate(points: readonly TimelinePoint[]): number {
  const skip = Math.floor(points.length / 10);
  const steady = points.slice(skip, points.length - skip);
  if (steady.length === 0) return 0;
  return round(steady.reduce((sum, point) => sum + point.completed, 0) / steady.length);
}

/** Draws an outcome for the next order with the given weights (they need not sum to 1). */
export function pickOutcome<K extends string>(weights: Record<K, number>, random = Math.random): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [outcome, weight] of entries) {
    draw -= weight;
    if (draw < 0) return outcome;
  }
  return entries[entries.length - 1]![0];
}
