import type { SoakFigures, SoakSample } from './result';
import { round } from './stats';

/** Ordinary least-squares slope of y over x; null with fewer than two distinct x. */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const { x, y } of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return variance === 0 ? null : covariance / variance;
}

/** Change per hour of a value sampled at `second`s; samples without the value are left out. */
export function slopePerHour(samples: readonly { second: number; value: number | null | undefined }[]) {
  const points = samples.flatMap(({ second, value }) =>
    value === null || value === undefined ? [] : [{ x: second, y: value }],
  );
  const perSecond = leastSquaresSlope(points);
  return perSecond === null ? null : round(perSecond * 3600, 2);
}

function slopesOf(samples: readonly SoakSample[], pick: (sample: SoakSample) => Record<string, number>) {
  const names = [...new Set(samples.flatMap((sample) => Object.keys(pick(sample))))];
  return Object.fromEntries(
    names.map((name) => [
      name,
      slopePerHour(samples.map((sample) => ({ second: sample.second, value: pick(sample)[name] }))),
    ]),
  );
}

/** The trends of a soak run: each service's RSS, the databases' size and each group's lag, per hour. */
export function soakFigures(samples: SoakSample[], intervalSeconds: number): SoakFigures {
  return {
    intervalSeconds,
    samples,
    slopesPerHour: {
      rssMb: slopesOf(samples, (sample) => sample.rssMb),
      databaseMb: slopePerHour(samples.map(({ second, databaseMb }) => ({ second, value: databaseMb }))),
      consumerLag: slopesOf(samples, (sample) => sample.consumerLag),
    },
  };
}
