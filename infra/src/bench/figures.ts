import { corePercent, cpuMsPerSaga } from './process-cost';
import type { BenchResult, Percentiles } from './result';

/** A stored result as read back: older files lack the figures added since. */
export type StoredResult = DeepPartial<BenchResult>;
type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Which way is an improvement; null where neither is (machine references, totals that follow the load). */
export type Better = 'lower' | 'higher' | null;

export interface Figure {
  name: string;
  value: number | null;
  better: Better;
}

const value = (n: unknown): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);
const entries = <T>(record: Record<string, T | undefined> | undefined): [string, T][] =>
  Object.entries(record ?? {}).flatMap(([name, item]) => (item === undefined ? [] : [[name, item]]));

function percentileFigures(name: string, p: DeepPartial<Percentiles> | undefined, which: string[]) {
  return which.map((key) => ({
    name: `${name} ${key} ms`,
    value: value(p?.[key as keyof Percentiles]),
    better: 'lower' as const,
  }));
}

/**
 * Every figure of a result worth comparing, in a stable order, each with the direction that is
 * better. Figures missing from an older result are derived where they can be (CPU per saga) or null.
 */
export function figuresOf(result: StoredResult): Figure[] {
  const { throughput, totals, latency, ratios, reference, soak } = result;
  const completed = value(totals?.completed) ?? 0;
  const idle = result.settings?.mode === 'idle';
  const window = value(result.processTotal?.windowSeconds);
  const processes = entries(result.processes);
  const allCpu = processes.reduce((sum, [, p]) => sum + (value(p.cpuSeconds) ?? 0), 0);
  const figures: Figure[] = [
    { name: 'sagas/s sustained', value: value(throughput?.sustainedCompletedPerSecond), better: 'higher' },
    { name: 'sagas/s completed', value: value(throughput?.completedPerSecond), better: 'higher' },
    { name: 'orders/s accepted', value: value(throughput?.acceptedPerSecond), better: 'higher' },
    { name: 'sagas completed', value: value(totals?.completed), better: null },
    { name: 'sagas lost', value: value(totals?.lost), better: 'lower' },
    { name: 'sagas ended twice', value: value(totals?.duplicated), better: 'lower' },
    { name: 'unexpected outcomes', value: value(totals?.unexpectedOutcomes), better: 'lower' },
    {
      name: 'errors',
      value: entries(totals?.errors).reduce((sum, [, n]) => sum + n, 0),
      better: 'lower',
    },
    ...percentileFigures('end to end', latency?.endToEnd, ['p50', 'p90', 'p99', 'max']),
    ...percentileFigures('accept', latency?.accept, ['p50', 'p99']),
    ...percentileFigures('outbox relay lag', latency?.relay, ['p50', 'p99']),
    ...entries(latency?.steps).flatMap(([step, p]) => percentileFigures(step, p, ['p50', 'p99'])),
    {
      name: 'CPU ms/saga, all processes',
      value: value(result.processTotal?.cpuMsPerSaga) ?? cpuMsPerSaga(allCpu, completed),
      better: 'lower',
    },
    ...processes.map(([name, p]) => ({
      name: `CPU ms/saga, ${name}`,
      value: value(p.cpuMsPerSaga) ?? cpuMsPerSaga(value(p.cpuSeconds) ?? 0, completed),
      better: 'lower' as const,
    })),
    // Under load the share of a core follows the load; idle, every bit of it is overhead.
    {
      name: '% of one core, all processes',
      value: value(result.processTotal?.corePercent) ?? (window ? corePercent(allCpu, window) : null),
      better: idle ? 'lower' : null,
    },
    ...processes.map(([name, p]) => ({
      name: `% of one core, ${name}`,
      value: value(p.corePercent),
      better: idle ? ('lower' as const) : null,
    })),
    ...processes.map(([name, p]) => ({ name: `CPU s, ${name}`, value: value(p.cpuSeconds), better: null })),
    ...processes.map(([name, p]) => ({
      name: `peak RSS MB, ${name}`,
      value: value(p.peakRssMb),
      better: 'lower' as const,
    })),
    ...entries(result.consumerLag).flatMap(([group, lag]) => [
      { name: `consumer lag max, ${group}`, value: value(lag.max), better: 'lower' as const },
      { name: `consumer lag final, ${group}`, value: value(lag.final), better: 'lower' as const },
    ]),
    { name: 'records/saga', value: value(ratios?.recordsPerSaga), better: 'lower' },
    { name: 'transactions/saga', value: value(ratios?.transactionsPerSaga), better: 'lower' },
    {
      name: 'sagas/s ÷ Postgres one-row TPS (%)',
      value: percentOf(ratios?.sagasPerPostgresTransaction),
      better: 'higher',
    },
    { name: 'saga records ÷ Kafka ProducerPerformance (%)', value: percentOf(ratios?.kafka), better: null },
    {
      name: 'saga transactions ÷ Postgres one-row TPS (%)',
      value: percentOf(ratios?.postgres),
      better: null,
    },
    {
      name: 'Kafka ProducerPerformance records/s (reference)',
      value: value(
        reference?.kafka && 'recordsPerSecond' in reference.kafka && reference.kafka.recordsPerSecond,
      ),
      better: null,
    },
    {
      name: 'Postgres one-row TPS (reference)',
      value: value(
        reference?.postgres &&
          'transactionsPerSecond' in reference.postgres &&
          reference.postgres.transactionsPerSecond,
      ),
      better: null,
    },
  ];
  if (soak?.slopesPerHour) {
    const { rssMb, databaseMb, consumerLag } = soak.slopesPerHour;
    figures.push(
      ...entries(rssMb).map(([name, slope]) => ({
        name: `soak RSS MB/h, ${name}`,
        value: value(slope),
        better: 'lower' as const,
      })),
      { name: 'soak databases MB/h', value: value(databaseMb), better: 'lower' },
      ...entries(consumerLag).map(([group, slope]) => ({
        name: `soak lag/h, ${group}`,
        value: value(slope),
        better: 'lower' as const,
      })),
    );
  }
  return figures;
}

const percentOf = (ratio: unknown): number | null => {
  const fraction = value(ratio);
  return fraction === null ? null : Math.round(fraction * 100_000) / 1000;
};
