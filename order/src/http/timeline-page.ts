import { html } from 'hono/html';
import type { Timeline } from './timeline-schemas';

const colours: Record<string, string> = {
  order: '#2563eb',
  inventory: '#d97706',
  payment: '#9333ea',
  notification: '#059669',
};

/** The saga timeline for people: one card per event, in causal order, linked to the trace. */
export function renderTimelinePage(timeline: Timeline) {
  const start = timeline.events[0] ? Date.parse(timeline.events[0].occurredAt) : 0;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Saga ${timeline.orderId}</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 58rem; color: #111827; }
  h1 { font-size: 1.3rem; } .status { padding: .15rem .6rem; border-radius: 1rem; background: #e5e7eb; }
  ol { list-style: none; padding: 0; border-left: 3px solid #d1d5db; margin-left: .6rem; }
  li { margin: 0 0 1rem 1.2rem; position: relative; }
  li::before { content: ''; position: absolute; left: -1.72rem; top: .35rem; width: .8rem; height: .8rem;
    border-radius: 50%; background: var(--c); }
  .type { font-weight: 600; font-family: ui-monospace, monospace; } .producer { color: var(--c); font-weight: 600; }
  .meta { color: #6b7280; font-size: .85rem; font-family: ui-monospace, monospace; }
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
  (event) => html`<li style="--c: ${colours[event.producer] ?? '#6b7280'}">
  <span class="type">${event.type}</span> by <span class="producer">${event.producer}</span>
  <span class="meta">+${Date.parse(event.occurredAt) - start} ms</span><br>
  <span class="meta">${event.topic}[${event.partition}]@${event.offset} · ${event.occurredAt} · event ${event.eventId}${
    event.causationId ? html` · caused by ${event.causationId}` : ''
  }</span>
</li>`,
)}
</ol>
</body>
</html>`;
}
