import { decimal, describeLoad, maybe } from './format';
import { escapeHtml, jsonForScript, paragraph, section } from './html';
import { chartBundle, chartCanvases, chartScript, dataElementId } from './report-charts';
import {
  consumerLagTable,
  latencyTable,
  processesTable,
  referenceTable,
  settingsTable,
  soakTable,
  targetsTable,
  totalsTables,
} from './report-tables';
import type { BenchResult } from './result';

const css = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1f2328; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; }
table { border-collapse: collapse; margin: 0.5rem 1.5rem 0.5rem 0; font-variant-numeric: tabular-nums; }
th, td { padding: 0.2rem 0.7rem; border-bottom: 1px solid #eaeef2; text-align: right; white-space: nowrap; }
thead th, tbody th, .text td { text-align: left; }
tbody th { font-weight: normal; }
.row { display: flex; flex-wrap: wrap; align-items: flex-start; }
.chart { position: relative; height: 320px; }
.lead { color: #59636e; margin-top: 0; }
.good { color: #1a7f37; }
.bad { color: #cf222e; font-weight: 600; }
`;

function chartSection(title: string, canvasId: string): string {
  return section(title, `<div class="chart"><canvas id="${canvasId}"></canvas></div>`);
}

function headline({ settings, throughput, targets, processTotal }: BenchResult): string {
  const missed = targets.filter((target) => !target.met).length;
  const verdict = missed === 0 ? 'all targets met' : `${missed} of ${targets.length} targets missed`;
  const measured =
    settings.mode === 'idle'
      ? `${decimal(processTotal.corePercent)} % of one core, all processes`
      : `${decimal(throughput.sustainedCompletedPerSecond)} sagas/s sustained · ` +
        `${maybe(processTotal.cpuMsPerSaga)} ms CPU/saga`;
  return `${describeLoad(settings)} for ${settings.durationSeconds} s · ${measured} · ${verdict}`;
}

/**
 * One self-contained HTML page: Chart.js and the result's JSON are inlined so the file can be
 * opened from disk or attached to a ticket, with no network and no files beside it.
 */
export function renderHtmlReport(result: BenchResult): string {
  const title = `Saga bench — ${result.startedAt}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${paragraph(headline(result), 'lead')}
${targetsTable(result)}
${totalsTables(result)}
${chartSection('Throughput over time', chartCanvases.throughput)}
${chartSection('End-to-end latency over time', chartCanvases.latency)}
${chartSection('Latency per saga step', chartCanvases.steps)}
${latencyTable(result)}
${referenceTable(result)}
${processesTable(result)}
${soakTable(result)}
${consumerLagTable(result)}
${settingsTable(result)}
<script type="application/json" id="${dataElementId}">${jsonForScript(result)}</script>
<script>${chartBundle()}</script>
<script>${chartScript}</script>
</body>
</html>
`;
}
