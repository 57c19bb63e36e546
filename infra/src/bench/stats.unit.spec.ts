import { describe, expect, it } from 'vitest';
import { parseProducerPerformance } from './reference';
import { percentiles, pickOutcome, sustainedRate, timeline } from './stats';

describe('Bench statistics', () => {
  it('take nearest-rank percentiles of a sample', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentiles(values)).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
    expect(percentiles([7])).toEqual({ count: 1, p50: 7, p90: 7, p99: 7, max: 7 });
    expect(percentiles([]).count).toBe(0);
  });

  it('put acceptances and completions in the second they happened', () => {
    const start = 10_000;
    const points = timeline(
      start,
      [10_100, 10_900, 11_500],
      [
        { at: 11_200, latencyMs: 40 },
        { at: 11_300, latencyMs: 60 },
      ],
      3,
    );
    expect(points.map((p) => [p.accepted, p.completed])).toEqual([
      [2, 0],
      [1, 2],
      [0, 0],
    ]);
    expect(points[1]).toMatchObject({ p50: 40, p99: 60 });
    expect(points[0]?.p50).toBeNull();
  });

  it('leave the first and last tenth of the run out of the sustained rate', () => {
    const points = timeline(0, [], [], 10).map((p, i) => ({ ...p, completed: i === 0 || i === 9 ? 0 : 500 }));
    expect(sustainedRate(points)).toBe(500);
  });

  it('draw outcomes by weight', () => {
    const draws = [0, 0.79, 0.8, 0.89, 0.9, 0.99].map((r) => pickOutcome({ a: 80, b: 10, c: 10 }, () => r));
    expect(draws).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
  });
});

describe("Kafka's ProducerPerformance summary", () => {
  it('is read from its last line', () => {
    const stdout = [
      '150123 records sent, 30012.4 records/sec (7.16 MB/sec), 120.1 ms avg latency, 900.0 ms max latency.',
      '300000 records sent, 81234.5 records/sec (19.83 MB/sec), 812.3 ms avg latency, 1700.0 ms max latency, 790 ms 50th, 1400 ms 95th, 1500 ms 99th, 1650 ms 99.9th.',
    ].join('\n');
    expect(parseProducerPerformance(stdout, 256)).toEqual({
      records: 300000,
      recordsPerSecond: 81234.5,
      mbPerSecond: 19.83,
      avgLatencyMs: 812.3,
      p99LatencyMs: 1500,
      recordSize: 256,
    });
  });

  it('is an error when the tool printed no summary', () => {
    expect(parseProducerPerformance('Exception in thread "main"', 256)).toMatchObject({
      error: expect.stringContaining('no summary'),
    });
  });
});
