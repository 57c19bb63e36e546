import { describe, expect, it } from 'vitest';
import { analyse, type RunFacts } from './analyse';
import type { SeenEvent } from './observer';

const event = (
  topic: string,
  eventId: string,
  causationId: string | null,
  producedAt: number,
  occurredAt: number,
): SeenEvent => ({
  topic,
  eventId,
  causationId,
  producedAt,
  occurredAt,
  size: 200,
});

function facts(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    settings: {
      mode: 'open',
      preset: null,
      durationSeconds: 1,
      rate: 100,
      concurrency: 1,
      mix: { confirmed: 1, outOfStock: 0, declined: 0 },
    },
    startedAt: 0,
    loadEndedAt: 1000,
    finishedAt: 2000,
    offered: 2,
    submitted: [
      { orderId: 'a', outcome: 'confirmed', sentAt: 100, acceptedAt: 110 },
      { orderId: 'b', outcome: 'confirmed', sentAt: 200, acceptedAt: 215 },
    ],
    errors: new Map([['HTTP 503', 1]]),
    events: new Map([
      [
        'a',
        [
          event('order.created', 'a1', null, 120, 112),
          event('inventory.reserved', 'a2', 'a1', 150, 140),
          event('inventory.reserved', 'a2', 'a1', 900, 140), // a relay's copy after a crash
          event('payment.completed', 'a3', 'a2', 180, 175),
          event('order.confirmed', 'a4', 'a3', 210, 200),
        ],
      ],
      ['b', [event('order.created', 'b1', null, 230, 220)]],
    ]),
    terminals: new Map([['a', { outcome: 'CONFIRMED', seenAt: 220 }]]),
    processes: {
      order: { pid: 1, cpuSeconds: 3, peakRssMb: 150 },
      payment: { pid: 2, cpuSeconds: 2, peakRssMb: 250 },
    },
    processWindowSeconds: 10,
    soak: null,
    consumerLag: {},
    transactions: 9,
    reference: {
      kafka: {
        recordsPerSecond: 1000,
        mbPerSecond: 1,
        recordSize: 200,
        records: 1000,
        avgLatencyMs: 5,
        p99LatencyMs: 9,
      },
      postgres: { error: 'connection refused' },
    },
    ...overrides,
  };
}

describe('Analysing a bench run', () => {
  it('given one saga ended and one not, counts it lost and misses that target', () => {
    const result = analyse(facts());
    expect(result.totals).toMatchObject({
      accepted: 2,
      completed: 1,
      lost: 1,
      duplicated: 0,
      unexpectedOutcomes: 0,
    });
    expect(result.targets.find((t) => t.name === 'sagas lost')).toMatchObject({ measured: '1', met: false });
    expect(result.totals.errors).toEqual({ 'HTTP 503': 1 });
  });

  it('measures each step between cause and effect, counting a relayed copy once', () => {
    const { steps, endToEnd, relay } = analyse(facts()).latency;
    expect(steps['POST → order.created']).toMatchObject({ count: 2, max: 30 });
    expect(steps['order.created → inventory.reserved']).toMatchObject({ count: 1, p50: 30 });
    expect(steps['payment.completed → order.confirmed']).toMatchObject({ count: 1, p50: 30 });
    expect(endToEnd).toMatchObject({ count: 1, p50: 120 });
    expect(relay).toMatchObject({ count: 5, max: 10 });
  });

  it('states ratios against the reference limits, and none for a reference that failed', () => {
    const result = analyse(facts({ submitted: facts().submitted.slice(0, 1) }));
    expect(result.ratios.recordsPerSaga).toBe(4);
    expect(result.ratios.transactionsPerSaga).toBe(9);
    expect(result.ratios.postgres).toBeNull();
    expect(result.ratios.kafka).toBe((result.throughput.sustainedCompletedPerSecond * 4) / 1000);
  });

  it('states sagas/s as a share of the Postgres one-row TPS', () => {
    const postgres = { transactionsPerSecond: 400, connections: 8, seconds: 10 };
    const result = analyse(facts({ reference: { ...facts().reference, postgres } }));
    expect(result.ratios.sagasPerPostgresTransaction).toBe(
      result.throughput.sustainedCompletedPerSecond / 400,
    );
  });

  it('divides the CPU of each process by the completed sagas, and states its share of a core', () => {
    const result = analyse(facts());
    expect(result.processes.order).toMatchObject({ cpuSeconds: 3, cpuMsPerSaga: 3000, corePercent: 30 });
    expect(result.processTotal).toEqual({
      cpuSeconds: 5,
      cpuMsPerSaga: 5000,
      corePercent: 50,
      windowSeconds: 10,
    });
  });

  it('holds an idle run to no throughput or latency target, only to memory and correctness', () => {
    const result = analyse(
      facts({
        settings: { ...facts().settings, mode: 'idle', rate: null },
        submitted: [],
        offered: 0,
        terminals: new Map(),
      }),
    );
    expect(result.settings).toMatchObject({ mode: 'idle', rate: null, concurrency: null });
    expect(result.targets.map((t) => t.name)).toEqual([
      'sagas lost',
      'sagas ended twice',
      'all processes idle, share of one core',
      'order peak RSS',
      'payment peak RSS',
    ]);
    expect(result.processTotal.cpuMsPerSaga).toBeNull();
    expect(result.soak).toBeNull();
  });

  it('fits the slopes of a soak run', () => {
    const samples = [0, 10].map((second) => ({
      second,
      rssMb: { order: 140 + second },
      databaseMb: 50,
      consumerLag: {},
    }));
    const { soak } = analyse(facts({ soak: { intervalSeconds: 10, samples } }));
    expect(soak?.slopesPerHour).toEqual({ rssMb: { order: 3600 }, databaseMb: 0, consumerLag: {} });
  });

  it('holds a run at 20 orders/s to the latency targets, and one at 10 orders/s to 15 ms of CPU per saga', () => {
    const at = (rate: number) =>
      analyse(facts({ settings: { ...facts().settings, rate } })).targets.map((t) => [t.name, t.met]);
    expect(at(20)).toEqual(
      expect.arrayContaining([
        ['end-to-end p50 at 20 orders/s', false], // 120 ms
        ['end-to-end p99 at 20 orders/s', true],
        ['outbox relay lag p99 at 20 orders/s', true], // 10 ms
      ]),
    );
    // One saga completed: 5 CPU seconds for it.
    expect(at(10)).toContainEqual(['CPU per saga, all processes, at 10 orders/s', false]);
    expect(at(10).some(([name]) => String(name).startsWith('end-to-end'))).toBe(false);
  });

  it('holds max mode to 300 sagas/s, 8 ms of CPU per saga and 5 % of the Postgres one-row TPS', () => {
    const postgres = { transactionsPerSecond: 4, connections: 8, seconds: 10 };
    const result = analyse(
      facts({
        settings: { ...facts().settings, mode: 'max', rate: null },
        reference: { ...facts().reference, postgres },
      }),
    );
    expect(result.targets.map((t) => [t.name, t.target, t.met])).toEqual(
      expect.arrayContaining([
        ['completed sagas/s sustained, max mode, 1 s', '≥ 300', false],
        ['sustained sagas/s ÷ Postgres one-row TPS', '≥ 5 %', true],
        ['CPU per saga, all processes, at saturation', '≤ 8 ms', false],
      ]),
    );
  });

  it('holds every service to 150 MB peak RSS', () => {
    const targets = analyse(facts()).targets;
    expect(targets.find((t) => t.name === 'order peak RSS')?.met).toBe(true);
    expect(targets.find((t) => t.name === 'payment peak RSS')?.met).toBe(false);
  });

  it('given a saga that ended twice with different events, reports it duplicated', () => {
    const events = new Map(facts().events);
    events.set('a', [...(events.get('a') ?? []), event('order.cancelled', 'a5', 'a3', 260, 250)]);
    expect(analyse(facts({ events })).totals.duplicated).toBe(1);
  });
});
