import type { MeasuredProcess, ProcessFigures, ProcessTotal } from './result';
import { round } from './stats';

/** CPU milliseconds per completed saga; null when no saga completed (an idle run, or every saga lost). */
export const cpuMsPerSaga = (cpuSeconds: number, completed: number): number | null =>
  completed > 0 ? round((cpuSeconds * 1000) / completed, 2) : null;

/** Average share of one core over `windowSeconds`, in percent: 100 means one core busy all the time. */
export const corePercent = (cpuSeconds: number, windowSeconds: number): number =>
  windowSeconds > 0 ? round((cpuSeconds / windowSeconds) * 100, 1) : 0;

/** Each process's CPU per completed saga and share of a core, and the same for all of them together. */
export function processCost(
  measured: Record<string, MeasuredProcess>,
  completed: number,
  windowSeconds: number,
): { processes: Record<string, ProcessFigures>; total: ProcessTotal } {
  const processes = Object.fromEntries(
    Object.entries(measured).map(([name, p]) => [
      name,
      {
        ...p,
        cpuMsPerSaga: cpuMsPerSaga(p.cpuSeconds, completed),
        corePercent: corePercent(p.cpuSeconds, windowSeconds),
      },
    ]),
  );
  const cpuSeconds = Object.values(measured).reduce((sum, p) => sum + p.cpuSeconds, 0);
  return {
    processes,
    total: {
      cpuSeconds: round(cpuSeconds, 2),
      cpuMsPerSaga: cpuMsPerSaga(cpuSeconds, completed),
      corePercent: corePercent(cpuSeconds, windowSeconds),
      windowSeconds: round(windowSeconds),
    },
  };
}
