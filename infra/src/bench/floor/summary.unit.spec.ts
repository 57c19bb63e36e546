import { describe, expect, it } from 'vitest';
import { type FloorWindow, median, renderFloor, summarise } from './summary';

const window = (
  run: number,
  rate: number,
  messages: number,
  cpuSeconds: Record<string, number>,
): FloorWindow => ({
  run,
  kind: 'kafka',
  rate,
  seconds: 30,
  messages,
  cpuSeconds,
});

describe('pnpm bench floor summary', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('gives CPU µs per message of each process for each rate, runs in order, with their median', () => {
    const rows = summarise([
      window(1, 10, 300, { producer: 0.62, kafka: 1.02 }),
      window(1, 0, 50_000, { producer: 10 }),
      window(2, 10, 300, { producer: 0.6, kafka: 0.85 }),
      window(3, 10, 300, { producer: 0.75, kafka: 0.99 }),
    ]);
    expect(rows).toEqual([
      {
        kind: 'kafka',
        rate: 10,
        messagesPerSecond: [10, 10, 10],
        processes: [
          { name: 'producer', microseconds: [2067, 2000, 2500], median: 2067 },
          { name: 'kafka', microseconds: [3400, 2833, 3300], median: 3300 },
        ],
      },
      {
        kind: 'kafka',
        rate: 0,
        messagesPerSecond: [1666.7],
        processes: [{ name: 'producer', microseconds: [200], median: 200 }],
      },
    ]);
  });

  it('leaves out a window in which nothing arrived: there is no per-message figure to give', () => {
    expect(summarise([window(1, 10, 0, { producer: 0.5 })])).toEqual([]);
  });

  it('prints one block per case and rate, a line per process', () => {
    const rows = summarise([window(1, 10, 300, { consumer: 0.67 }), window(2, 10, 300, { consumer: 0.65 })]);
    expect(renderFloor(rows)).toBe(
      [
        'CPU µs per message: median, then each run',
        'kafka at 10 msg/s (msg/s: 10, 10)',
        '  consumer       2,200   2,233, 2,167',
        '',
      ].join('\n'),
    );
  });
});
