import { describe, expect, it } from 'vitest';
import { corePercent, cpuMsPerSaga, processCost } from './process-cost';

describe('CPU per saga and per core', () => {
  it('divides CPU seconds by completed sagas, in milliseconds', () => {
    expect(cpuMsPerSaga(10.6, 1000)).toBe(10.6);
    expect(cpuMsPerSaga(1, 3)).toBe(333.33);
  });

  it('has no per-saga figure when no saga completed', () => {
    expect(cpuMsPerSaga(4.2, 0)).toBeNull();
  });

  it('states CPU seconds over the window as percent of one core', () => {
    expect(corePercent(3, 60)).toBe(5);
    expect(corePercent(90, 60)).toBe(150);
    expect(corePercent(1, 0)).toBe(0);
  });

  it('adds every process into a total', () => {
    const { processes, total } = processCost(
      {
        order: { pid: 1, cpuSeconds: 10.6, peakRssMb: 150 },
        postgres: { pid: 2, cpuSeconds: 8.5, peakRssMb: 400 },
        bench: { pid: 3, cpuSeconds: 0.9, peakRssMb: 90 },
      },
      1000,
      50,
    );
    expect(processes.order).toEqual({
      pid: 1,
      cpuSeconds: 10.6,
      peakRssMb: 150,
      cpuMsPerSaga: 10.6,
      corePercent: 21.2,
    });
    expect(processes.postgres?.cpuMsPerSaga).toBe(8.5);
    expect(total).toEqual({ cpuSeconds: 20, cpuMsPerSaga: 20, corePercent: 40, windowSeconds: 50 });
  });

  it('gives an idle run shares of a core and no per-saga cost', () => {
    const { processes, total } = processCost({ kafka: { pid: 1, cpuSeconds: 1.5, peakRssMb: 900 } }, 0, 60);
    expect(processes.kafka).toMatchObject({ cpuMsPerSaga: null, corePercent: 2.5 });
    expect(total).toMatchObject({ cpuMsPerSaga: null, corePercent: 2.5 });
  });
});
