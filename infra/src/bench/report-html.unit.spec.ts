import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchFixture } from './bench-fixture';
import { renderHtmlReport } from './report-html';

const HOSTILE = '</script><img src=x onerror=alert(1)>';

function dataText(html: string): string {
  const match = /<script type="application\/json" id="bench-data">(.*?)<\/script>/s.exec(html);
  if (!match?.[1]) throw new Error('no data element in the report');
  return match[1];
}

const embeddedData = (html: string): unknown => JSON.parse(dataText(html));

/** Runs the page's own chart script against a stand-in Chart and document, and returns what it drew. */
function drawnCharts(html: string) {
  const scripts = [...html.matchAll(/<script>(.*?)<\/script>/gs)].map((match) => match[1] ?? '');
  const charts: {
    canvas: string;
    config: { type: string; data: { labels: unknown[]; datasets: object[] } };
  }[] = [];
  const data = dataText(html);
  const document = { getElementById: (id: string) => (id === 'bench-data' ? { textContent: data } : { id }) };
  function Chart(canvas: { id: string }, config: (typeof charts)[number]['config']) {
    charts.push({ canvas: canvas.id, config });
  }
  new Function('Chart', 'document', scripts.at(-1) ?? '')(Chart, document);
  return charts;
}

describe('renderHtmlReport', () => {
  it('inlines the Chart.js bundle so the page opens from disk without network', () => {
    const entry = createRequire(import.meta.url).resolve('chart.js');
    const bundle = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
    const html = renderHtmlReport(benchFixture());
    expect(html).toContain(`<script>${bundle}</script>`);
    expect(html).toMatch(/Chart\.js v4\./);
    expect(html).not.toMatch(/<script[^>]+src=|<link\b/);
  });

  it('embeds the whole result as JSON that parses back unchanged', () => {
    const result = benchFixture();
    expect(embeddedData(renderHtmlReport(result))).toEqual(result);
  });

  it('keeps a hostile error key inside the data element and escaped in the tables', () => {
    const result = benchFixture();
    result.totals.errors[HOSTILE] = 1;
    result.consumerLag['<b>group</b>'] = { max: 1, final: 0 };
    const html = renderHtmlReport(result);
    // Only the three script elements the page itself opens may be closed.
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>group');
    expect(html).toContain('<th>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</th>');
    expect(html).toContain('<th>&lt;b&gt;group&lt;/b&gt;</th>');
    expect(embeddedData(html)).toEqual(result);
  });

  // Each row as the page shows it, from the bench fixture.
  it.each([
    {
      story: 'marks each target as met or missed next to goal and measurement',
      rows: [
        '<th>sustained completed/s</th><td>≥ 190/s</td><td>199.6/s</td><td class="good">✓ met</td>',
        '<th>end-to-end p99</th><td>≤ 100 ms</td><td>143.7 ms</td><td class="bad">✗ missed</td>',
        '2 of 4 targets missed',
        'open loop at 200 orders/s for 60 s · 199.6 sagas/s sustained · 12.8 ms CPU/saga · 2 of 4 targets missed',
      ],
    },
    {
      story: 'shows totals with lost, duplicated and each error',
      rows: [
        '<th>Lost</th><td class="bad">3</td>',
        '<th>Duplicated</th><td class="good">0</td>',
        '<th>Errors</th><td class="bad">10</td>',
        '<th>HTTP 503</th><td class="bad">8</td>',
      ],
    },
    {
      story: 'lists latency percentiles for end to end, accept, relay and every step',
      rows: [
        '<th>End to end</th><td>11,950</td><td>48.2</td><td>81.5</td><td>143.7</td><td>912.4</td>',
        '<th>Outbox relay lag</th><td>47,950</td><td>4.2</td>',
        '<th>order.created → inventory.reserved</th>',
      ],
    },
    {
      story: 'shows reference limits with the share used as a percentage',
      rows: [
        '<th>Kafka producer</th><td>412,346 records/s</td><td>5 records</td><td>2.3 %</td>',
        '<th>Postgres</th><td>8,765 TPS</td><td>5 transactions</td><td>11.4 %</td>',
        'Sustained sagas/s ÷ Postgres one-row TPS: 2.3 %; saga records/s ÷ Kafka ProducerPerformance records/s: 2.3 %.',
      ],
    },
    {
      story: 'lists CPU seconds, CPU per saga, share of a core and peak RSS per process, and lag per group',
      rows: [
        '<th>kafka</th><td>3001</td><td>44.0</td><td>3.67</td><td>61.1</td><td>1,024.6</td>',
        '<th>All</th><td></td><td>153.1</td><td>12.77</td><td>212.6</td><td></td>',
        'average share of one core over the 72.0 s',
        '<th>notification-service</th><td>120</td><td class="bad">4</td>',
      ],
    },
  ])('$story', ({ rows }) => {
    const html = renderHtmlReport(benchFixture());
    for (const row of rows) expect(html).toContain(row);
  });

  it('shows the slopes of a soak run, and no soak section without one', () => {
    expect(renderHtmlReport(benchFixture())).not.toContain('Soak');
    const result = benchFixture();
    result.soak = {
      intervalSeconds: 10,
      samples: [],
      slopesPerHour: { rssMb: { order: 2.5 }, databaseMb: null, consumerLag: { 'order-service': -3 } },
    };
    const html = renderHtmlReport(result);
    expect(html).toContain('<h2>Soak: change per hour</h2>');
    expect(html).toContain('<th>order RSS (MB)</th><td>+2.5</td>');
    expect(html).toContain('<th>Service databases (MB)</th><td>—</td>');
    expect(html).toContain('<th>order-service lag</th><td>-3.0</td>');
  });

  it('shows a failed reference run by its error, with no ratio', () => {
    const result = benchFixture();
    result.reference.postgres = { error: 'pgbench: connection refused' };
    result.ratios.postgres = null;
    const html = renderHtmlReport(result);
    expect(html).toContain(
      '<th>Postgres</th><td class="bad">failed: pgbench: connection refused</td><td>5 transactions</td><td>n/a</td>',
    );
  });

  it('draws throughput and latency over time and the per-step breakdown from the embedded data', () => {
    const [throughput, latency, steps] = drawnCharts(renderHtmlReport(benchFixture()));
    expect(throughput?.canvas).toBe('throughput-chart');
    expect(throughput?.config.data.labels).toEqual([0, 1, 2, 3]);
    expect(throughput?.config.data.datasets).toMatchObject([
      { label: 'accepted/s', data: [198, 201, 200, 0] },
      { label: 'completed/s', data: [150, 199, 203, 0] },
    ]);
    expect(latency?.config.data.datasets).toMatchObject([
      { label: 'p50', data: [52.1, 47.9, 46.3, null] },
      { label: 'p99', data: [160.2, 140.8, 138.1, null] },
    ]);
    expect(steps?.config.type).toBe('bar');
    expect(steps?.config.data.labels).toHaveLength(5);
    expect(steps?.config.data.labels.at(-1)).toBe('outbox relay lag');
    expect(steps?.config.data.datasets).toMatchObject([
      { label: 'p50', data: [11.4, 13.9, 10.2, 9.8, 4.2] },
      { label: 'p90', data: [19.8, 22.7, 17.3, 15.1, 8.8] },
      { label: 'p99', data: [41.2, 48.8, 39.5, 30.3, 21.6] },
    ]);
  });
});
