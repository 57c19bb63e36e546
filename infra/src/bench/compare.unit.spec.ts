import { describe, expect, it } from 'vitest';
import { benchFixture } from './bench-fixture';
import { compareResults, renderComparison } from './compare';
import { figuresOf, type StoredResult } from './figures';

function faster() {
  const later = benchFixture();
  later.startedAt = '2026-03-05T10:00:00.000Z';
  later.throughput.sustainedCompletedPerSecond = 249.5;
  later.latency.endToEnd.p99 = 200;
  later.processTotal.cpuMsPerSaga = 10.2;
  later.processes.order!.cpuMsPerSaga = 2.5;
  later.totals.lost = 0;
  return later;
}

const find = (name: string, earlier: StoredResult = benchFixture(), later: StoredResult = faster()) =>
  compareResults(earlier, later).find((delta) => delta.name === name);

describe('comparing two results', () => {
  it('states absolute and relative change, higher is better for throughput', () => {
    expect(find('sagas/s sustained')).toEqual({
      name: 'sagas/s sustained',
      better: 'higher',
      earlier: 199.6,
      later: 249.5,
      change: 49.9,
      percent: 25,
      verdict: 'better',
    });
  });

  it('marks a latency rise as worse and a CPU per saga drop as better, per process too', () => {
    expect(find('end to end p99 ms')).toMatchObject({ change: 56.3, percent: 39.2, verdict: 'worse' });
    expect(find('CPU ms/saga, all processes')).toMatchObject({
      earlier: 12.77,
      later: 10.2,
      verdict: 'better',
    });
    expect(find('CPU ms/saga, order')).toMatchObject({ earlier: 1.79, later: 2.5, verdict: 'worse' });
    expect(find('CPU ms/saga, kafka')).toMatchObject({ change: 0, verdict: 'same' });
  });

  it('has no percentage from zero and no verdict for figures without a better direction', () => {
    expect(find('sagas lost', faster(), benchFixture())).toMatchObject({
      earlier: 0,
      later: 3,
      percent: null,
      verdict: 'worse',
    });
    expect(find('Postgres one-row TPS (reference)')).toMatchObject({ better: null, verdict: null });
  });

  it('counts a share of a core as lower-is-better only between idle runs', () => {
    const idle = benchFixture();
    idle.settings.mode = 'idle';
    expect(find('% of one core, kafka')?.better).toBeNull();
    expect(find('% of one core, kafka', idle, idle)?.better).toBe('lower');
  });

  it('derives CPU per saga for an older result that lacks it, and keeps figures only one side has', () => {
    const older = benchFixture() as StoredResult;
    delete older.processTotal;
    for (const p of Object.values(older.processes ?? {})) delete p?.cpuMsPerSaga;
    delete older.ratios?.sagasPerPostgresTransaction;
    expect(find('CPU ms/saga, kafka', older)).toMatchObject({ earlier: 3.67, verdict: 'same' });
    expect(find('CPU ms/saga, all processes', older)).toMatchObject({ earlier: 12.77 });
    expect(find('sagas/s ÷ Postgres one-row TPS (%)', older)).toMatchObject({
      earlier: null,
      later: 2.28,
      change: null,
      verdict: null,
    });
    const gone = benchFixture();
    delete gone.processes.bench;
    expect(find('peak RSS MB, bench', benchFixture(), gone)).toMatchObject({ earlier: 120.5, later: null });
  });

  it('lists the soak slopes when there are some', () => {
    const soaked = benchFixture();
    soaked.soak = {
      intervalSeconds: 10,
      samples: [],
      slopesPerHour: { rssMb: { order: 3 }, databaseMb: 12, consumerLag: { 'order-service': 0 } },
    };
    expect(figuresOf(benchFixture()).some((figure) => figure.name.startsWith('soak'))).toBe(false);
    expect(figuresOf(soaked).filter((figure) => figure.name.startsWith('soak'))).toEqual([
      { name: 'soak RSS MB/h, order', value: 3, better: 'lower' },
      { name: 'soak databases MB/h', value: 12, better: 'lower' },
      { name: 'soak lag/h, order-service', value: 0, better: 'lower' },
    ]);
  });
});

describe('the comparison table', () => {
  const text = renderComparison(benchFixture(), faster());

  it('names both runs and the directions', () => {
    const [first, second] = text.split('\n');
    expect(first).toBe(
      'Compared: 2026-03-04T10:00:00.000Z (open loop at 200 orders/s, 60 s) → ' +
        '2026-03-05T10:00:00.000Z (open loop at 200 orders/s, 60 s)',
    );
    expect(second).toContain('↓ lower is better, ↑ higher is better');
  });

  it('shows each figure with its direction, both values, the change and the verdict', () => {
    expect(text).toMatch(/^↑ sagas\/s sustained +199\.6 +249\.5 +\+49\.9 +\+25\.0 % {2}better$/m);
    expect(text).toMatch(/^↓ end to end p99 ms +143\.7 +200 +\+56\.3 +\+39\.2 % {2}worse$/m);
    expect(text).toMatch(/^↓ CPU ms\/saga, kafka +3\.67 +3\.67 +0 +0\.0 %$/m);
    expect(text).toMatch(/^ {2}CPU s, kafka +44 +44 +0 +0\.0 %$/m);
    expect(text).toMatch(/^ {2}Kafka ProducerPerformance records\/s \(reference\) +412,345\.6 +412,345\.6 /m);
  });

  it('ends with a tally of better and worse', () => {
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^3 better, 2 worse, \d+ the same \(of \d+ figures/);
  });

  it('keeps every line within 100 columns', () => {
    for (const line of text.trimEnd().split('\n').slice(1)) expect(line.length).toBeLessThanOrEqual(100);
  });
});
