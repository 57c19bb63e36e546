import { serviceNames } from '../dev/services';
import type { BenchResult, Percentiles, ProcessTotal } from './result';

type Target = BenchResult['targets'][number];

const target = (name: string, wanted: string, measured: string, met: boolean): Target => ({
  name,
  target: wanted,
  measured,
  met,
});

/**
 * The performance issue's targets (everything co-located, tracing on), as far as this run's mode
 * can speak to them: CPU per saga summed over every process, throughput, latency at 20 orders/s,
 * the idle share of a core, and memory.
 */
export function targetsOf(run: {
  mode: BenchResult['settings']['mode'];
  preset: string | null;
  rate: number | null;
  durationSeconds: number;
  lost: number;
  duplicated: number;
  sustained: number;
  endToEnd: Percentiles;
  relay: Percentiles;
  processes: BenchResult['processes'];
  total: ProcessTotal;
  /** The same run's Postgres one-row TPS, when the reference ran. */
  postgresTps: number | null;
}): BenchResult['targets'] {
  const { endToEnd, relay, total } = run;
  const targets: Target[] = [
    target('sagas lost', '0', String(run.lost), run.lost === 0),
    target('sagas ended twice', '0', String(run.duplicated), run.duplicated === 0),
  ];
  const cpuPerSaga = (limit: number, label: string) => {
    const ms = total.cpuMsPerSaga;
    targets.push(
      target(
        `CPU per saga, all processes, ${label}`,
        `≤ ${limit} ms`,
        `${ms ?? '—'} ms`,
        ms !== null && ms <= limit,
      ),
    );
  };
  if (run.mode === 'max') {
    targets.push(
      target(
        `completed sagas/s sustained, max mode, ${run.durationSeconds} s`,
        '≥ 300',
        String(run.sustained),
        run.sustained >= 300,
      ),
    );
    if (run.postgresTps)
      targets.push(
        target(
          'sustained sagas/s ÷ Postgres one-row TPS',
          '≥ 5 %',
          `${((100 * run.sustained) / run.postgresTps).toFixed(2)} %`,
          run.sustained / run.postgresTps >= 0.05,
        ),
      );
    cpuPerSaga(8, 'at saturation');
  } else if (run.mode === 'open') {
    const at = `at ${run.rate} orders/s`;
    if (run.rate === 10) cpuPerSaga(15, at);
    if (run.rate === 20)
      targets.push(
        target(
          `end-to-end p50 ${at}`,
          '≤ 60 ms',
          `${endToEnd.p50} ms`,
          endToEnd.count > 0 && endToEnd.p50 <= 60,
        ),
        target(
          `end-to-end p99 ${at}`,
          '≤ 250 ms',
          `${endToEnd.p99} ms`,
          endToEnd.count > 0 && endToEnd.p99 <= 250,
        ),
        target(
          `outbox relay lag p99 ${at}`,
          '≤ 30 ms',
          `${relay.p99} ms`,
          relay.count > 0 && relay.p99 <= 30,
        ),
      );
    if (run.preset === 'half-capacity')
      targets.push(
        target(
          `end-to-end p99 ${at} (half capacity)`,
          '≤ 500 ms',
          `${endToEnd.p99} ms`,
          endToEnd.count > 0 && endToEnd.p99 <= 500,
        ),
      );
  } else {
    targets.push(
      target(
        'all processes idle, share of one core',
        '≤ 5 %',
        `${total.corePercent} %`,
        total.corePercent <= 5,
      ),
    );
  }
  for (const name of serviceNames) {
    const peak = run.processes[name]?.peakRssMb;
    if (peak !== undefined) targets.push(target(`${name} peak RSS`, '≤ 150 MB', `${peak} MB`, peak <= 150));
  }
  return targets;
}
