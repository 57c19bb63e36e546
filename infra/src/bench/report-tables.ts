import { count, decimal, describeLoad, describeMix, maybe, percent, signed, total } from './format';
import { type Cell, paragraph, section, table } from './html';
import type { BenchResult, Percentiles } from './result';

const flagged = (n: number): Cell => ({ text: count(n), className: n > 0 ? 'bad' : 'good' });

export function settingsTable({ startedAt, finishedAt, machine, settings }: BenchResult): string {
  const rows: Cell[][] = [
    ['Started', startedAt],
    ['Finished', finishedAt],
    ['Load', describeLoad(settings)],
    ['Preset', settings.preset ?? '—'],
    ['Rate (orders/s)', settings.rate ?? '—'],
    ['Concurrency', settings.concurrency ?? '—'],
    ['Duration (s)', settings.durationSeconds],
    ['Mix', describeMix(settings.mix)],
    ['Machine', `${machine.cpus} × ${machine.cpuModel}, ${decimal(machine.memoryGiB)} GiB`],
    ['Node / platform', `${machine.node} on ${machine.platform}`],
  ];
  return section('Settings', table(['Setting', 'Value'], rows, 'text'));
}

export function totalsTables({ totals, throughput }: BenchResult): string {
  const counts = table(
    ['Total', 'Count'],
    [
      ['Offered', count(totals.offered)],
      ['Accepted', count(totals.accepted)],
      ['Completed', count(totals.completed)],
      ['Lost', flagged(totals.lost)],
      ['Duplicated', flagged(totals.duplicated)],
      ['Unexpected outcomes', flagged(totals.unexpectedOutcomes)],
      ['Errors', flagged(total(totals.errors))],
    ],
  );
  const rates = table(
    ['Throughput', 'Per second'],
    [
      ['Accepted', decimal(throughput.acceptedPerSecond)],
      ['Completed', decimal(throughput.completedPerSecond)],
      ['Completed, sustained', decimal(throughput.sustainedCompletedPerSecond)],
    ],
  );
  const outcomes = table(
    ['Outcome', 'Count'],
    Object.entries(totals.outcomes).map(([name, n]) => [name, count(n)]),
  );
  const errorEntries = Object.entries(totals.errors);
  const errors =
    errorEntries.length === 0
      ? paragraph('No errors.', 'good')
      : table(
          ['Error', 'Count'],
          errorEntries.map(([name, n]) => [name, { text: count(n), className: 'bad' }]),
        );
  return section('Totals', `<div class="row">${counts}${rates}${outcomes}${errors}</div>`);
}

export function latencyTable({ latency }: BenchResult): string {
  const row = (name: string, p: Percentiles): Cell[] => [
    name,
    count(p.count),
    decimal(p.p50),
    decimal(p.p90),
    decimal(p.p99),
    decimal(p.max),
  ];
  const rows = [
    row('End to end', latency.endToEnd),
    row('Accept (POST /orders)', latency.accept),
    row('Outbox relay lag', latency.relay),
    ...Object.entries(latency.steps).map(([step, p]) => row(step, p)),
  ];
  return section('Latency (ms)', table(['Measured', 'Samples', 'p50', 'p90', 'p99', 'max'], rows));
}

export function targetsTable({ targets }: BenchResult): string {
  const rows = targets.map(({ name, target, measured, met }): Cell[] => [
    name,
    target,
    measured,
    met ? { text: '✓ met', className: 'good' } : { text: '✗ missed', className: 'bad' },
  ]);
  return section('Targets', table(['Target', 'Goal', 'Measured', 'Result'], rows));
}

export function referenceTable({ reference, ratios }: BenchResult): string {
  const { kafka, postgres } = reference;
  const failed = (error: string): Cell => ({ text: `failed: ${error}`, className: 'bad' });
  const kafkaRow: Cell[] =
    'error' in kafka
      ? ['Kafka producer', failed(kafka.error), `${ratios.recordsPerSaga} records`, percent(ratios.kafka), '']
      : [
          'Kafka producer',
          `${count(kafka.recordsPerSecond)} records/s`,
          `${ratios.recordsPerSaga} records`,
          percent(ratios.kafka),
          `${count(kafka.records)} records of ${count(kafka.recordSize)} B, ${decimal(kafka.mbPerSecond)} MB/s, ` +
            `latency avg ${decimal(kafka.avgLatencyMs)} ms, p99 ${decimal(kafka.p99LatencyMs)} ms`,
        ];
  const postgresRow: Cell[] =
    'error' in postgres
      ? [
          'Postgres',
          failed(postgres.error),
          `${ratios.transactionsPerSaga} transactions`,
          percent(ratios.postgres),
          '',
        ]
      : [
          'Postgres',
          `${count(postgres.transactionsPerSecond)} TPS`,
          `${ratios.transactionsPerSaga} transactions`,
          percent(ratios.postgres),
          `${postgres.connections} connections for ${postgres.seconds} s`,
        ];
  return section(
    'Reference limits',
    table(
      ['Reference', 'Limit', 'Per saga', 'Share of limit used', 'Reference run'],
      [kafkaRow, postgresRow],
    ) +
      paragraph(
        `Sustained sagas/s ÷ Postgres one-row TPS: ${percent(ratios.sagasPerPostgresTransaction)}; ` +
          `saga records/s ÷ Kafka ProducerPerformance records/s: ${percent(ratios.kafka)}.`,
      ),
  );
}

export function processesTable({ processes, processTotal }: BenchResult): string {
  const rows = Object.entries(processes).map(([name, p]): Cell[] => [
    name,
    p.pid,
    decimal(p.cpuSeconds),
    maybe(p.cpuMsPerSaga, (n) => n.toFixed(2)),
    decimal(p.corePercent),
    decimal(p.peakRssMb),
  ]);
  rows.push([
    'All',
    '',
    decimal(processTotal.cpuSeconds),
    maybe(processTotal.cpuMsPerSaga, (n) => n.toFixed(2)),
    decimal(processTotal.corePercent),
    '',
  ]);
  return section(
    'Processes',
    paragraph(
      `CPU per completed saga, and the average share of one core over the ${decimal(processTotal.windowSeconds)} s ` +
        'from the start of the load to the end of the drain.',
      'lead',
    ) + table(['Process', 'PID', 'CPU (s)', 'CPU per saga (ms)', '% of one core', 'Peak RSS (MB)'], rows),
  );
}

export function soakTable({ soak }: BenchResult): string {
  if (!soak) return '';
  const { rssMb, databaseMb, consumerLag } = soak.slopesPerHour;
  const rows: Cell[][] = [
    ...Object.entries(rssMb).map(([name, slope]): Cell[] => [`${name} RSS (MB)`, maybe(slope, signed)]),
    ['Service databases (MB)', maybe(databaseMb, signed)],
    ...Object.entries(consumerLag).map(([group, slope]): Cell[] => [`${group} lag`, maybe(slope, signed)]),
  ];
  return section(
    'Soak: change per hour',
    paragraph(
      `Least-squares slopes over ${soak.samples.length} samples taken every ${soak.intervalSeconds} s during the load.`,
      'lead',
    ) + table(['Figure', 'Per hour'], rows),
  );
}

export function consumerLagTable({ consumerLag }: BenchResult): string {
  // Lag left at the end means a consumer had not caught up when the bench stopped waiting.
  const rows = Object.entries(consumerLag).map(([group, lag]): Cell[] => [
    group,
    count(lag.max),
    flagged(lag.final),
  ]);
  return section('Consumer lag', table(['Consumer group', 'Max', 'Final'], rows));
}
