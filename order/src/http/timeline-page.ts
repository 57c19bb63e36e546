import { html } from 'hono/html';
import type { SagaWaterfall } from '../application/saga-waterfall';
import type { WaterfallRow } from '../jaeger/trace-waterfall';
import type { Timeline } from './timeline-schemas';

const colours: Record<string, string> = {
  order: '#2563eb',
  inventory: '#d97706',
  payment: '#9333ea',
  notification: '#059669',
};
const colourOf = (service: string) => colours[service] ?? '#6b7280';

/**
 * The saga timeline for people: one card per event, in causal order, linked to the trace; under
 * it the trace as a waterfall, which needs no Jaeger UI (locally there is none).
 */
export function renderTimelinePage(timeline: Timeline, waterfall: SagaWaterfall) {
  const start = timeline.events[0] ? Date.parse(timeline.events[0].occurredAt) : 0;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Saga ${timeline.orderId}</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 58rem; color: #111827; }
  h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; } .status { padding: .15rem .6rem; border-radius: 1rem; background: #e5e7eb; }
  ol { list-style: none; padding: 0; border-left: 3px solid #d1d5db; margin-left: .6rem; }
  li { margin: 0 0 1rem 1.2rem; position: relative; }
  li::before { content: ''; position: absolute; left: -1.72rem; top: .35rem; width: .8rem; height: .8rem;
    border-radius: 50%; background: var(--c); }
  .type { font-weight: 600; font-family: ui-monospace, monospace; } .producer { color: var(--c); font-weight: 600; }
  .meta { color: #6b7280; font-size: .85rem; font-family: ui-monospace, monospace; }
  #waterfall { width: 100%; border-collapse: collapse; font-size: .85rem; }
  #waterfall th { text-align: left; color: #6b7280; font-weight: 400; }
  #waterfall td { padding: .1rem .3rem; white-space: nowrap; }
  .service { color: var(--c); font-weight: 600; } .operation { font-family: ui-monospace, monospace; }
  td.bar { width: 45%; position: relative; } td.bar span { position: absolute; top: .3rem; bottom: .3rem;
    min-width: 1px; background: var(--c); border-radius: 2px; }
  .duration { text-align: right; font-family: ui-monospace, monospace; }
  tr.error .operation, tr.error .duration { color: #dc2626; } tr.error td.bar span { background: #dc2626; }
</style>
</head>
<body>
<h1>Order <code>${timeline.orderId}</code> <span class="status" id="status">${timeline.status}</span></h1>
<p>${
    timeline.jaegerUrl
      ? html`Trace <a id="trace" href="${timeline.jaegerUrl}">${timeline.traceId}</a> in Jaeger`
      : 'No trace recorded yet'
  } · ${timeline.events.length} events</p>
<ol id="events">
${timeline.events.map(
  (event) => html`<li style="--c: ${colourOf(event.producer)}">
  <span class="type">${event.type}</span> by <span class="producer">${event.producer}</span>
  <span class="meta">+${Date.parse(event.occurredAt) - start} ms</span><br>
  <span class="meta">${event.topic}[${event.partition}]@${event.offset} · ${event.occurredAt} · event ${event.eventId}${
    event.causationId ? html` · caused by ${event.causationId}` : ''
  }</span>
</li>`,
)}
</ol>
<h2>Trace waterfall</h2>
${renderWaterfall(waterfall)}
</body>
</html>`;
}

/** Three significant digits: enough to compare spans, no false precision. */
const ms = (value: number) => `${Number(value.toPrecision(3))} ms`;

function renderWaterfall(waterfall: SagaWaterfall) {
  if ('missing' in waterfall)
    return html`<p id="waterfall-missing" class="meta">No waterfall: ${waterfall.missing}</p>`;
  const percent = (value: number) =>
    (waterfall.totalMs > 0 ? (value / waterfall.totalMs) * 100 : 0).toFixed(2);
  const row = (span: WaterfallRow) => html`<tr class="span${span.error ? ' error' : ''}"
  data-service="${span.service}" style="--c: ${colourOf(span.service)}">
  <td class="service">${span.service}</td>
  <td class="operation" style="padding-left: ${0.3 + span.depth}rem">${span.error ? '⚠ ' : ''}${span.operation}</td>
  <td class="bar"><span style="left: ${percent(span.offsetMs)}%; width: ${percent(span.durationMs)}%" title="+${ms(span.offsetMs)}"></span></td>
  <td class="duration">${ms(span.durationMs)}</td>
</tr>`;
  return html`<table id="waterfall">
<tr><th>service</th><th>operation</th><th>0 – ${ms(waterfall.totalMs)}</th><th class="duration">duration</th></tr>
${waterfall.rows.map(row)}
</table>`;
}
