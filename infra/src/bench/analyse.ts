import { cpus, totalmem } from 'node:os';
import { serviceNames } from '../dev/services';
import { expectedOutcome, type Outcome, type Submitted } from './load';
import { type SeenEvent, type Terminal, terminalTopics } from './observer';
import type { BenchResult, ProcessFigures } from './result';
import { percentiles, round, sustainedRate, timeline } from './stats';

/** Everything a run observed, before any figure is derived from it. */
export interface RunFacts {
  settings: {
    durationSeconds: number;
    rate: number | null;
    concurrency: number;
    mix: Record<Outcome, number>;
  };
  startedAt: number;
  loadEndedAt: number;
  finishedAt: number;
  offered: number;
  submitted: Submitted[];
  errors: Map<string, number>;
  events: Map<string, SeenEvent[]>;
  terminals: Map<string, Terminal>;
  processes: Record<string, ProcessFigures>;
  consumerLag: BenchResult['consumerLag'];
  /** Transactions committed in the services' databases during the load and drain. */
  transactions: number;
  reference: BenchResult['reference'];
}

/** Each event once: the relay may publish a copy after a crash, which consumers skip. */
function distinct(events: readonly SeenEvent[]): SeenEvent[] {
  const byId = new Map<string, SeenEvent>();
  for (const event of events) if (!byId.has(event.eventId)) byId.set(event.eventId, event);
  return [...byId.values()];
}

export function averageRecordSize(facts: Pick<RunFacts, 'submitted' | 'events'>): number {
  const sizes = facts.submitted.flatMap((s) =>
    distinct(facts.events.get(s.orderId) ?? []).map((e) => e.size),
  );
  return sizes.length ? Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) : 100;
}

export function analyse(facts: RunFacts): BenchResult {
  const { submitted, terminals, settings } = facts;
  const sagas = submitted.map((s) => ({
    ...s,
    terminal: terminals.get(s.orderId),
    events: distinct(facts.events.get(s.orderId) ?? []),
  }));
  const completed = sagas.flatMap((s) => (s.terminal ? [{ ...s, terminal: s.terminal }] : []));
  const outcomes: Record<string, number> = {};
  for (const saga of completed) outcomes[saga.terminal.outcome] = (outcomes[saga.terminal.outcome] ?? 0) + 1;

  const steps = new Map<string, number[]>();
  const addStep = (name: string, ms: number) => steps.set(name, [...(steps.get(name) ?? []), ms]);
  for (const saga of sagas) {
    const byId = new Map(saga.events.map((event) => [event.eventId, event]));
    for (const event of saga.events) {
      const cause = event.causationId ? byId.get(event.causationId) : undefined;
      if (cause) addStep(`${cause.topic} → ${event.topic}`, event.producedAt - cause.producedAt);
      else if (event.topic === 'order.created')
        addStep('POST → order.created', event.producedAt - saga.sentAt);
    }
  }

  const loadSeconds = (facts.loadEndedAt - facts.startedAt) / 1000;
  const lastCompletion = Math.max(facts.loadEndedAt, ...completed.map((s) => s.terminal.seenAt));
  const points = timeline(
    facts.startedAt,
    submitted.map((s) => s.acceptedAt),
    completed.map((s) => ({ at: s.terminal.seenAt, latencyMs: s.terminal.seenAt - s.sentAt })),
    Math.ceil((lastCompletion - facts.startedAt) / 1000),
  );
  const sustained = sustainedRate(points.slice(0, Math.ceil(settings.durationSeconds)));
  const endToEnd = percentiles(completed.map((s) => s.terminal.seenAt - s.sentAt));
  const relay = percentiles(sagas.flatMap((s) => s.events.map((e) => e.producedAt - e.occurredAt)));
  const records = sagas.reduce((sum, s) => sum + s.events.length, 0);
  const recordsPerSaga = completed.length ? round(records / completed.length, 2) : 0;
  const transactionsPerSaga = completed.length ? round(facts.transactions / completed.length, 2) : 0;
  const { kafka, postgres } = facts.reference;
  const processes = facts.processes;

  const targets: BenchResult['targets'] = [
    {
      name: 'sagas lost',
      target: '0',
      measured: String(submitted.length - completed.length),
      met: submitted.length === completed.length,
    },
  ];
  const duplicated = sagas.filter(
    (s) => s.events.filter((e) => terminalTopics.has(e.topic)).length > 1,
  ).length;
  targets.push({
    name: 'sagas ended twice',
    target: '0',
    measured: String(duplicated),
    met: duplicated === 0,
  });
  if (settings.rate === null) {
    targets.push({
      name: `completed sagas/s sustained, max mode, ${settings.durationSeconds} s`,
      target: '≥ 500',
      measured: String(sustained),
      met: sustained >= 500,
    });
  } else {
    const at = `at ${settings.rate} orders/s`;
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
    const peak = processes[name]?.peakRssMb;
    if (peak !== undefined)
      targets.push({
        name: `${name} peak RSS`,
        target: '≤ 200 MB',
        measured: `${peak} MB`,
        met: peak <= 200,
      });
  }

  return {
    startedAt: new Date(facts.startedAt).toISOString(),
    finishedAt: new Date(facts.finishedAt).toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: round(totalmem() / 2 ** 30),
      node: process.version,
      platform: process.platform,
    },
    settings: {
      mode: settings.rate === null ? 'max' : 'open',
      rate: settings.rate,
      concurrency: settings.rate === null ? settings.concurrency : null,
      durationSeconds: settings.durationSeconds,
      mix: settings.mix,
    },
    totals: {
      offered: facts.offered,
      accepted: submitted.length,
      completed: completed.length,
      lost: submitted.length - completed.length,
      duplicated,
      outcomes,
      unexpectedOutcomes: completed.filter((s) => s.terminal.outcome !== expectedOutcome[s.outcome]).length,
      errors: Object.fromEntries(facts.errors),
    },
    throughput: {
      acceptedPerSecond: round(submitted.length / loadSeconds),
      completedPerSecond: round(completed.length / ((lastCompletion - facts.startedAt) / 1000)),
      sustainedCompletedPerSecond: sustained,
    },
    latency: {
      endToEnd,
      accept: percentiles(submitted.map((s) => s.acceptedAt - s.sentAt)),
      steps: Object.fromEntries([...steps].map(([name, values]) => [name, percentiles(values)])),
      relay,
    },
    timeline: points,
    consumerLag: facts.consumerLag,
    processes,
    reference: facts.reference,
    ratios: {
      kafka:
        'recordsPerSecond' in kafka && kafka.recordsPerSecond > 0
          ? round((sustained * recordsPerSaga) / kafka.recordsPerSecond, 3)
          : null,
      postgres:
        'transactionsPerSecond' in postgres && postgres.transactionsPerSecond > 0
          ? round((sustained * transactionsPerSaga) / postgres.transactionsPerSecond, 3)
          : null,
      recordsPerSaga,
      transactionsPerSaga,
    },
    targets,
  };
}
