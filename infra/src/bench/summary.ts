import { clip, count, decimal, describeCounts, describeLoad, oneLine, percent, total } from './format';
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

function processLines({ processes }: BenchResult): string[] {
  // Three to a line keeps the eight processes of a full stack within three lines.
  const cells = Object.entries(processes).map(
    ([name, p]) =>
      `${clip(name, 12).padEnd(12)}${decimal(p.cpuSeconds).padStart(7)}${count(p.peakRssMb).padStart(7)}`,
  );
  const lines = ['Processes    CPU s, peak RSS MB'];
  for (let i = 0; i < cells.length; i += 3) lines.push(`  ${cells.slice(i, i + 3).join('   ')}`);
  return lines;
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
  const lines = [
    `Saga bench ${result.startedAt} · ${describeLoad(settings)} for ${settings.durationSeconds} s`,
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
    ...latencyLines(result),
    ...referenceLines(result),
    ...processLines(result),
    ...targetLines(result),
  ];
  return `${lines.map((line) => clip(line, WIDTH)).join('\n')}\n`;
}
