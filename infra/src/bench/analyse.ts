import { cpus, totalmem } from 'node:os';
import { expectedOutcome, type Outcome, type Submitted } from './load';
import { type SeenEvent, type Terminal, terminalTopics } from './observer';
import { processCost } from './process-cost';
import type { BenchResult, MeasuredProcess, SoakSample } from './result';
import { soakFigures } from './slope';
import { percentiles, round, sustainedRate, timeline } from './stats';
import { targetsOf } from './targets';

/** Everything a run observed, before any figure is derived from it. */
export interface RunFacts {
  settings: {
    mode: BenchResult['settings']['mode'];
    preset: string | null;
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
  processes: Record<string, MeasuredProcess>;
  /** Seconds the process monitor measured over. */
  processWindowSeconds: number;
  /** Soak samples, when the run took them. */
  soak: { intervalSeconds: number; samples: SoakSample[] } | null;
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

  const duplicated = sagas.filter(
    (s) => s.events.filter((e) => terminalTopics.has(e.topic)).length > 1,
  ).length;
  const cost = processCost(facts.processes, completed.length, facts.processWindowSeconds);
  const targets = targetsOf({
    ...settings,
    lost: submitted.length - completed.length,
    duplicated,
    sustained,
    endToEnd,
    relay,
    processes: cost.processes,
    total: cost.total,
    postgresTps: 'transactionsPerSecond' in postgres ? postgres.transactionsPerSecond : null,
  });

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
      mode: settings.mode,
      preset: settings.preset,
      rate: settings.rate,
      concurrency: settings.mode === 'max' ? settings.concurrency : null,
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
    processes: cost.processes,
    processTotal: cost.total,
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
      sagasPerPostgresTransaction:
        'transactionsPerSecond' in postgres && postgres.transactionsPerSecond > 0
          ? round(sustained / postgres.transactionsPerSecond, 4)
          : null,
      recordsPerSaga,
      transactionsPerSaga,
    },
    soak: facts.soak && soakFigures(facts.soak.samples, facts.soak.intervalSeconds),
    targets,
  };
}
