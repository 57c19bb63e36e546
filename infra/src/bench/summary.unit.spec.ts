import { describe, expect, it } from 'vitest';
import { benchFixture } from './bench-fixture';
import { renderSummary } from './summary';

const lines = (text: string): string[] => text.trimEnd().split('\n');

describe('renderSummary', () => {
  it('fits on one screen: at most 30 lines of at most 100 columns', () => {
    const text = renderSummary(benchFixture());
    expect(lines(text).length).toBeLessThanOrEqual(30);
    for (const line of lines(text)) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('opens with the mode, rate and duration', () => {
    expect(lines(renderSummary(benchFixture()))[0]).toBe(
      'Saga bench 2026-03-04T10:00:00.000Z · open loop at 200 orders/s for 60 s',
    );
  });

  it('describes a max-mode run by the orders kept in flight', () => {
    const result = benchFixture();
    result.settings = { ...result.settings, mode: 'max', rate: null, concurrency: 64 };
    expect(renderSummary(result)).toContain('closed loop, 64 orders in flight for 60 s');
  });

  it('shows accepted, completed and sustained completed per second', () => {
    expect(renderSummary(benchFixture())).toContain(
      'Throughput   accepted 199.8/s · completed 199.2/s · sustained 199.6/s',
    );
  });

  it('shows lost, duplicated and errors, the most frequent error first', () => {
    expect(renderSummary(benchFixture())).toContain(
      'Problems     lost 3 · duplicated 0 · unexpected outcomes 0 · errors 10 (HTTP 503 ×8, ECONNRESET ×2)',
    );
  });

  it('shows end-to-end percentiles, relay lag and each step, whole milliseconds from 100 up', () => {
    const text = renderSummary(benchFixture());
    expect(text).toMatch(/^ {2}end to end +48\.2 +81\.5 +144 +912$/m);
    expect(text).toMatch(/^ {2}outbox relay lag +4\.2 +8\.8 +21\.6 +140$/m);
    expect(text).toMatch(/^ {2}inventory\.reserved → payment\.authorized +13\.9 +22\.7 +48\.8 +301$/m);
    const slow = benchFixture();
    slow.latency.endToEnd = { count: 1, p50: 117_370, p90: 125_700, p99: 130_853, max: 139_466 };
    expect(renderSummary(slow)).toMatch(/^ {2}end to end +117,370 +125,700 +130,853 +139,466$/m);
  });

  it('shows both reference limits and the share of each used as a percentage', () => {
    const text = renderSummary(benchFixture());
    expect(text).toContain('Kafka     412,346 records/s · 5 records/saga → 2.3 % of the limit');
    expect(text).toContain('Postgres  8,765 TPS · 5 transactions/saga → 11.4 % of the limit');
  });

  it('shows the error text when a reference run failed', () => {
    const result = benchFixture();
    result.reference.kafka = { error: 'kafka-producer-perf-test exited with code 1' };
    result.ratios.kafka = null;
    expect(renderSummary(result)).toContain('Kafka     failed: kafka-producer-perf-test exited with code 1');
  });

  it('keeps a long multi-line reference error on one line within the width', () => {
    const result = benchFixture();
    result.reference.postgres = { error: `pgbench failed\n${'connection refused; '.repeat(20)}` };
    const text = renderSummary(result);
    const line = lines(text).find((candidate) => candidate.includes('pgbench failed'));
    expect(line).toMatch(/Postgres {2}failed: pgbench failed connection refused; .*…$/);
    expect(line?.length).toBe(100);
  });

  it('shows n/a when there is no ratio to show', () => {
    const result = benchFixture();
    result.ratios.postgres = null;
    expect(renderSummary(result)).toContain('5 transactions/saga → n/a of the limit');
  });

  it('tabulates CPU seconds, CPU ms per completed saga and peak RSS for every process, three to a line', () => {
    const text = renderSummary(benchFixture());
    expect(text).toContain(
      'Processes    CPU s, CPU ms/saga, peak RSS MB · all: 153.1 s, 12.8 ms/saga, 212.6 % of one core',
    );
    expect(text).toMatch(
      /^ {2}order +21\.4 +1\.8 +182 {2}inventory +17\.9 +1\.5 +161 {2}payment +16\.2 +1\.4 +158$/m,
    );
    expect(text).toMatch(
      /^ {2}notification +9\.7 +0\.8 +131 {2}kafka +44\.0 +3\.7 +1,025 {2}postgres +30\.5 +2\.5 +413$/m,
    );
    expect(text).toMatch(
      /^ {2}registry +2\.3 +0\.2 +290 {2}jaeger +5\.1 +0\.4 +98 {2}bench +6\.0 +0\.5 +121$/m,
    );
  });

  it('shows — for CPU per saga when no saga completed', () => {
    const result = benchFixture();
    result.processTotal.cpuMsPerSaga = null;
    expect(renderSummary(result)).toContain('all: 153.1 s, — ms/saga');
  });

  it('labels the Kafka and the Postgres ratio', () => {
    expect(renderSummary(benchFixture())).toContain(
      'Ratios       saga records ÷ Kafka ProducerPerformance 2.3 % · sagas/s ÷ Postgres one-row TPS 2.3 %',
    );
  });

  it('puts the open-loop latency figures first, and leaves them out in max mode', () => {
    const headline = 'Latency      end to end p50 48.2 ms · p99 144 ms · outbox relay lag p99 21.6 ms';
    expect(renderSummary(benchFixture())).toContain(headline);
    const max = benchFixture();
    max.settings = { ...max.settings, mode: 'max', rate: null, concurrency: 64 };
    expect(renderSummary(max)).not.toContain(headline);
  });

  it('shows the slopes per hour of a soak run per hour, wrapping long lists within the width', () => {
    const result = benchFixture();
    const groups = ['order-service', 'inventory-service', 'payment-service', 'notification-service'];
    result.soak = {
      intervalSeconds: 10,
      samples: [],
      slopesPerHour: {
        rssMb: { order: 1.25, inventory: -0.3, payment: 0, notification: null },
        databaseMb: 12.34,
        consumerLag: Object.fromEntries([...groups, 'order-timeline'].map((g) => [g, 120])),
      },
    };
    const text = renderSummary(result);
    expect(text).toContain('Soak         slopes per hour over 0 samples, 10 s apart · databases +12.3 MB');
    expect(text).toContain('  RSS MB     order +1.3, inventory -0.3, payment 0.0, notification —');
    expect(text).toMatch(/^ {2}lag {8}order-service \+120, .*\n {13}\S/m);
    for (const line of lines(text)) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('shows an idle run as the share of one core, without load figures', () => {
    const result = benchFixture();
    result.settings = { ...result.settings, mode: 'idle', rate: null };
    const text = renderSummary(result);
    expect(lines(text)[0]).toBe('Saga bench 2026-03-04T10:00:00.000Z · idle, no orders for 60 s');
    expect(text).toContain(
      'Processes    CPU s, % of one core, peak RSS MB · all: 153.1 s, 212.6 % of one core',
    );
    expect(text).toMatch(/^ {2}order +21\.4 +29\.7 +182 /m);
    expect(text).not.toContain('Throughput');
    expect(text).not.toContain('Latency');
  });

  it('marks each target ✓ or ✗ with the measured value and the target', () => {
    const text = renderSummary(benchFixture());
    expect(text).toContain('Targets      2 of 4 met');
    expect(text).toMatch(/^ {2}✓ sustained completed\/s +199\.6\/s {2}target ≥ 190\/s$/m);
    expect(text).toMatch(/^ {2}✗ end-to-end p99 +143\.7 ms {2}target ≤ 100 ms$/m);
    expect(text).toMatch(/^ {2}✗ lost sagas +3 {2}target 0$/m);
  });
});
