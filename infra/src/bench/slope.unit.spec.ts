import { describe, expect, it } from 'vitest';
import type { SoakSample } from './result';
import { leastSquaresSlope, slopePerHour, soakFigures } from './slope';

describe('least-squares slopes', () => {
  it('recovers the slope of a straight line', () => {
    expect(leastSquaresSlope([0, 1, 2, 3].map((x) => ({ x, y: 5 + 2 * x })))).toBe(2);
  });

  it('fits noisy points by least squares', () => {
    // y = 1, 3, 2, 5 at x = 0..3: slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)² = 5.5 / 5
    expect(leastSquaresSlope([1, 3, 2, 5].map((y, x) => ({ x, y })))).toBeCloseTo(1.1);
  });

  it('has no slope with fewer than two points or a single x', () => {
    expect(leastSquaresSlope([])).toBeNull();
    expect(leastSquaresSlope([{ x: 1, y: 1 }])).toBeNull();
    expect(
      leastSquaresSlope([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ).toBeNull();
  });

  it('states a per-second trend per hour and skips missing values', () => {
    const samples = [0, 10, 20, 30].map((second) => ({ second, value: second / 100 }));
    expect(slopePerHour(samples)).toBe(36);
    expect(slopePerHour([...samples, { second: 40, value: null }])).toBe(36);
  });
});

describe('soak figures', () => {
  const sample = (second: number, rss: number, db: number | null, lag: number): SoakSample => ({
    second,
    rssMb: { order: rss, payment: 130 },
    databaseMb: db,
    consumerLag: { 'order-service': lag },
  });

  it('fits each service, the database size and each group', () => {
    const samples = [sample(0, 140, 50, 0), sample(10, 141, 50.5, 10), sample(20, 142, null, 20)];
    const { slopesPerHour, intervalSeconds } = soakFigures(samples, 10);
    expect(intervalSeconds).toBe(10);
    expect(slopesPerHour.rssMb).toEqual({ order: 360, payment: 0 });
    expect(slopesPerHour.databaseMb).toBe(180);
    expect(slopesPerHour.consumerLag).toEqual({ 'order-service': 3600 });
  });

  it('has no slopes from a single sample', () => {
    const { slopesPerHour } = soakFigures([sample(0, 140, 50, 0)], 10);
    expect(slopesPerHour).toEqual({
      rssMb: { order: null, payment: null },
      databaseMb: null,
      consumerLag: { 'order-service': null },
    });
  });
});
