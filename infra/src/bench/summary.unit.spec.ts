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

  it('tabulates CPU seconds and peak RSS for every process, three to a line', () => {
    const text = renderSummary(benchFixture());
    expect(text).toMatch(/^ {2}order +21\.4 +182 {3}inventory +17\.9 +161 {3}payment +16\.2 +158$/m);
    expect(text).toMatch(/^ {2}notification +9\.7 +131 {3}kafka +44\.0 +1,025 {3}postgres +30\.5 +413$/m);
    expect(text).toMatch(/^ {2}registry +2\.3 +290 {3}jaeger +5\.1 +98$/m);
  });

  it('marks each target ✓ or ✗ with the measured value and the target', () => {
    const text = renderSummary(benchFixture());
    expect(text).toContain('Targets      2 of 4 met');
    expect(text).toMatch(/^ {2}✓ sustained completed\/s +199\.6\/s {2}target ≥ 190\/s$/m);
    expect(text).toMatch(/^ {2}✗ end-to-end p99 +143\.7 ms {2}target ≤ 100 ms$/m);
    expect(text).toMatch(/^ {2}✗ lost sagas +3 {2}target 0$/m);
  });
});
