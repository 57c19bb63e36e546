import { serviceNames } from '../dev/services';
import type { BenchResult, Percentiles } from './result';

/** The targets, as far as this run's mode can speak to them. */
export function targetsOf(run: {
  mode: BenchResult['settings']['mode'];
  rate: number | null;
  durationSeconds: number;
  lost: number;
  duplicated: number;
  sustained: number;
  endToEnd: Percentiles;
  relay: Percentiles;
  processes: BenchResult['processes'];
}): BenchResult['targets'] {
  const { endToEnd, relay } = run;
  const targets: BenchResult['targets'] = [
    { name: 'sagas lost', target: '0', measured: String(run.lost), met: run.lost === 0 },
    {
      name: 'sagas ended twice',
      target: '0',
      measured: String(run.duplicated),
      met: run.duplicated === 0,
    },
  ];
  if (run.mode === 'max') {
    targets.push({
      name: `completed sagas/s sustained, max mode, ${run.durationSeconds} s`,
      target: '≥ 500',
      measured: String(run.sustained),
      met: run.sustained >= 500,
    });
  } else if (run.mode === 'open') {
    const at = `at ${run.rate} orders/s`;
    targets.push(
      {
        name: `end-to-end p50 ${at}`,
        target: '≤ 100 ms',
        measured: `${endToEnd.p50} ms`,
        met: endToEnd.count > 0 && endToEnd.p50 <= 100,
      },
      {
        name: `end-to-end p99 ${at}`,
        target: '≤ 300 ms',
        measured: `${endToEnd.p99} ms`,
        met: endToEnd.count > 0 && endToEnd.p99 <= 300,
      },
      {
        name: `outbox relay lag p99 ${at}`,
        target: '≤ 50 ms',
        measured: `${relay.p99} ms`,
        met: relay.count > 0 && relay.p99 <= 50,
      },
    );
  }
  for (const name of serviceNames) {
    const peak = run.processes[name]?.peakRssMb;
    if (peak !== undefined)
      targets.push({
        name: `${name} peak RSS`,
        target: '≤ 200 MB',
        measured: `${peak} MB`,
        met: peak <= 200,
      });
  }
  return targets;
}
