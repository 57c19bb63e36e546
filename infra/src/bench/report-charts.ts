import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Chart.js's minified UMD bundle, inlined so the report opens from disk with no network. The
 * package exports no paths under dist/, so this resolves the entry point and reads its sibling.
 */
export function chartBundle(): string {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  const code = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
  // Either sequence would end or confuse the inline <script> element; a new Chart.js release
  // should fail loudly here rather than render a broken page.
  if (/<\/script|<!--/i.test(code))
    throw new Error('chart.js bundle cannot be inlined into a <script> element');
  return code;
}

export const chartCanvases = {
  throughput: 'throughput-chart',
  latency: 'latency-chart',
  steps: 'steps-chart',
} as const;

export const dataElementId = 'bench-data';

// Runs in the browser. Kept static: every figure comes from the JSON data element, so nothing
// from the result is ever spliced into code.
export const chartScript = `
const result = JSON.parse(document.getElementById('${dataElementId}').textContent);
const common = { animation: false, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false } };
const seconds = result.timeline.map((point) => point.second);

function overTime(id, yTitle, series) {
  new Chart(document.getElementById(id), {
    type: 'line',
    data: {
      labels: seconds,
      datasets: series.map(([label, key]) => ({
        label,
        data: result.timeline.map((point) => point[key]),
        pointRadius: 0,
        borderWidth: 1.5,
      })),
    },
    options: {
      ...common,
      scales: {
        x: { title: { display: true, text: 'second of the run' } },
        y: { beginAtZero: true, title: { display: true, text: yTitle } },
      },
    },
  });
}

overTime('${chartCanvases.throughput}', 'sagas per second', [['accepted/s', 'accepted'], ['completed/s', 'completed']]);
overTime('${chartCanvases.latency}', 'end-to-end latency, ms', [['p50', 'p50'], ['p99', 'p99']]);

const steps = [...Object.entries(result.latency.steps), ['outbox relay lag', result.latency.relay]];
new Chart(document.getElementById('${chartCanvases.steps}'), {
  type: 'bar',
  data: {
    labels: steps.map(([name]) => name),
    datasets: ['p50', 'p90', 'p99'].map((key) => ({ label: key, data: steps.map(([, p]) => p[key]) })),
  },
  options: {
    ...common,
    indexAxis: 'y',
    interaction: { ...common.interaction, axis: 'y' },
    scales: { x: { beginAtZero: true, title: { display: true, text: 'ms' } } },
  },
});
`;
