import {
  clip,
  count,
  decimal,
  describeCounts,
  describeLoad,
  maybe,
  oneLine,
  percent,
  signed,
  total,
} from './format';
import type { BenchResult, Percentiles } from './result';

/** Terminal width the summary is laid out for; longer names are cut with an ellipsis. */
const WIDTH = 100;
const LABEL = 13;

const labelled = (label: string, text: string): string => `${label.padEnd(LABEL)}${text}`;
const numbers = (values: string[]): string => values.map((value) => value.padStart(10)).join('');
// Tenths of a millisecond matter below 100 ms only; above it they only crowd the columns.
const ms = (n: number): string => (n >= 100 ? count(n) : decimal(n));

function latencyLines({ latency }: BenchResult): string[] {
  const rows: [string, Percentiles][] = [
    ['end to end', latency.endToEnd],
    ['accept', latency.accept],
    ['outbox relay lag', latency.relay],
    ...Object.entries(latency.steps),
  ];
  const width = Math.min(Math.max(...rows.map(([name]) => name.length)), WIDTH - 2 - 4 * 10);
  const head = `${'Latency ms'.padEnd(width + 2)}${numbers(['p50', 'p90', 'p99', 'max'])}`;
  return [
    head,
    ...rows.map(
      ([name, p]) => `  ${clip(name, width).padEnd(width)}${numbers([p.p50, p.p90, p.p99, p.max].map(ms))}`,
    ),
  ];
}

function referenceLines({ reference, ratios }: BenchResult): string[] {
  const { kafka, postgres } = reference;
  const room = WIDTH - LABEL - 10 - 'failed: '.length;
  const kafkaText =
    'error' in kafka
      ? `failed: ${oneLine(kafka.error, room)}`
      : `${count(kafka.recordsPerSecond)} records/s · ${ratios.recordsPerSaga} records/saga → ` +
        `${percent(ratios.kafka)} of the limit`;
  const postgresText =
    'error' in postgres
      ? `failed: ${oneLine(postgres.error, room)}`
      : `${count(postgres.transactionsPerSecond)} TPS · ${ratios.transactionsPerSaga} transactions/saga → ` +
        `${percent(ratios.postgres)} of the limit`;
  return [labelled('Reference', `Kafka     ${kafkaText}`), labelled('', `Postgres  ${postgresText}`)];
}

/** `items` after `label`, as many to a line as fit in the width. */
function flow(label: string, items: string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && LABEL + line.length + 2 + item.length > WIDTH) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line}, ${item}` : item;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((text, n) => labelled(n === 0 ? label : '', text));
}

function ratioLines({ ratios }: BenchResult): string[] {
  return [
    labelled(
      'Ratios',
      `saga records ÷ Kafka ProducerPerformance ${percent(ratios.kafka)} · ` +
        `sagas/s ÷ Postgres one-row TPS ${percent(ratios.sagasPerPostgresTransaction)}`,
    ),
  ];
}

/** Open loop: the latency figures the rate is chosen for, before the full table. */
function latencyHeadline({ latency }: BenchResult): string[] {
  return [
    labelled(
      'Latency',
      `end to end p50 ${ms(latency.endToEnd.p50)} ms · p99 ${ms(latency.endToEnd.p99)} ms · ` +
        `outbox relay lag p99 ${ms(latency.relay.p99)} ms`,
    ),
  ];
}

function processLines({ processes, processTotal, settings }: BenchResult): string[] {
  // An idle run completes no saga: its second column is the share of one core instead.
  const idle = settings.mode === 'idle';
  const second = (p: { cpuMsPerSaga: number | null; corePercent: number }) =>
    idle ? decimal(p.corePercent) : maybe(p.cpuMsPerSaga);
  // Three to a line keeps the nine processes of a full stack within three lines.
  const cells = Object.entries(processes).map(
    ([name, p]) =>
      `${clip(name, 12).padEnd(12)}${decimal(p.cpuSeconds).padStart(6)}${second(p).padStart(6)}` +
      `${count(p.peakRssMb).padStart(7)}`,
  );
  const all = idle
    ? `${decimal(processTotal.corePercent)} % of one core`
    : `${maybe(processTotal.cpuMsPerSaga)} ms/saga, ${decimal(processTotal.corePercent)} % of one core`;
  const lines = [
    labelled(
      'Processes',
      `CPU s, ${idle ? '% of one core' : 'CPU ms/saga'}, peak RSS MB · all: ${decimal(processTotal.cpuSeconds)} s, ${all}`,
    ),
  ];
  for (let i = 0; i < cells.length; i += 3) lines.push(`  ${cells.slice(i, i + 3).join('  ')}`);
  return lines;
}

function soakLines({ soak }: BenchResult): string[] {
  if (!soak) return [];
  const { rssMb, databaseMb, consumerLag } = soak.slopesPerHour;
  const trend = (entries: [string, number | null][]) =>
    entries.map(([name, slope]) => `${name} ${maybe(slope, signed)}`);
  return [
    labelled(
      'Soak',
      `slopes per hour over ${soak.samples.length} samples, ${soak.intervalSeconds} s apart · ` +
        `databases ${maybe(databaseMb, signed)} MB`,
    ),
    ...flow('  RSS MB', trend(Object.entries(rssMb))),
    ...flow('  lag', trend(Object.entries(consumerLag))),
  ];
}

function targetLines({ targets }: BenchResult): string[] {
  const met = targets.filter((target) => target.met).length;
  const nameWidth = Math.min(Math.max(0, ...targets.map(({ name }) => name.length)), 36);
  const measuredWidth = Math.min(Math.max(0, ...targets.map(({ measured }) => measured.length)), 20);
  return [
    labelled('Targets', `${met} of ${targets.length} met`),
    ...targets.map(
      ({ name, target, measured, met }) =>
        `  ${met ? '✓' : '✗'} ${clip(name, nameWidth).padEnd(nameWidth)}  ` +
        `${clip(measured, measuredWidth).padStart(measuredWidth)}  target ${target}`,
    ),
  ];
}

/** What a run measured, on one terminal screen; the HTML report has the rest. */
export function renderSummary(result: BenchResult): string {
  const { settings, throughput, totals } = result;
  const errors = total(totals.errors);
  const title = `Saga bench ${result.startedAt} · ${describeLoad(settings)} for ${settings.durationSeconds} s`;
  if (settings.mode === 'idle') return screen([title, ...processLines(result), ...targetLines(result)]);
  return screen([
    title,
    labelled(
      'Throughput',
      `accepted ${decimal(throughput.acceptedPerSecond)}/s · completed ${decimal(throughput.completedPerSecond)}/s` +
        ` · sustained ${decimal(throughput.sustainedCompletedPerSecond)}/s`,
    ),
    labelled(
      'Totals',
      `offered ${count(totals.offered)} · accepted ${count(totals.accepted)} · completed ${count(totals.completed)}`,
    ),
    labelled(
      'Problems',
      `lost ${count(totals.lost)} · duplicated ${count(totals.duplicated)} · ` +
        `unexpected outcomes ${count(totals.unexpectedOutcomes)} · errors ${count(errors)}` +
        (errors > 0 ? ` (${oneLine(describeCounts(totals.errors), WIDTH)})` : ''),
    ),
    ...(settings.mode === 'open' ? latencyHeadline(result) : []),
    ...latencyLines(result),
    ...referenceLines(result),
    ...ratioLines(result),
    ...processLines(result),
    ...soakLines(result),
    ...targetLines(result),
  ]);
}

const screen = (lines: string[]): string => `${lines.map((line) => clip(line, WIDTH)).join('\n')}\n`;
