import { describe, expect, it } from 'vitest';
import type { WaterfallRow } from '../jaeger/trace-waterfall';
import { renderTimelinePage } from './timeline-page';
import type { Timeline } from './timeline-schemas';

const timeline: Timeline = {
  orderId: '00000000-0000-4000-8000-000000000001',
  status: 'CONFIRMED',
  traceId: '0123456789abcdef0123456789abcdef',
  jaegerUrl: 'http://localhost:16686/trace/0123456789abcdef0123456789abcdef',
  events: [
    {
      eventId: '00000000-0000-4000-8000-000000000002',
      type: 'order.created',
      producer: 'order',
      topic: 'order.created',
      partition: 0,
      offset: 7,
      occurredAt: '2026-01-01T00:00:00.000Z',
      causationId: null,
      traceId: '0123456789abcdef0123456789abcdef',
    },
  ],
};

const row = (overrides: Partial<WaterfallRow>): WaterfallRow => ({
  spanId: 's1',
  service: 'order',
  operation: 'POST',
  offsetMs: 0,
  durationMs: 10,
  depth: 0,
  error: false,
  ...overrides,
});

const page = async (...args: Parameters<typeof renderTimelinePage>) =>
  String(await renderTimelinePage(...args));

describe('the saga timeline page', () => {
  it('given a waterfall, then each span is a row with its bar placed on the scale of the whole trace', async () => {
    const html = await page(timeline, {
      totalMs: 200,
      rows: [row({}), row({ spanId: 's2', service: 'payment', offsetMs: 50, durationMs: 100, depth: 2 })],
    });
    expect(html.match(/<tr class="span"/g)).toHaveLength(2);
    expect(html).toContain('data-service="payment" style="--c: #9333ea"');
    expect(html).toContain('style="padding-left: 2.3rem"');
    expect(html).toContain('left: 25.00%; width: 50.00%');
    expect(html).toContain('<td class="duration">100 ms</td>');
    expect(html).toContain('id="trace" href="http://localhost:16686/trace/0123456789abcdef0123456789abcdef"');
  });

  it('given a failed span, then its row is marked as an error', async () => {
    const html = await page(timeline, {
      totalMs: 10,
      rows: [row({ error: true, operation: 'payment.completed process' })],
    });
    expect(html).toContain('<tr class="span error"');
    expect(html).toContain('⚠ payment.completed process');
  });

  it('given names from Jaeger with markup in them, then they are shown as text, never as markup', async () => {
    const html = await page(timeline, {
      totalMs: 10,
      rows: [row({ service: '"><script>alert(1)</script>', operation: '<img src=x onerror=alert(2)>' })],
    });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('data-service="&quot;&gt;&lt;script&gt;');
  });

  it('given no waterfall, then the events are still there and one line says why', async () => {
    const html = await page(timeline, { missing: 'Jaeger is unreachable at http://127.0.0.1:1' });
    expect(html).toContain('order.created');
    expect(html).toContain(
      '<p id="waterfall-missing" class="meta">No waterfall: Jaeger is unreachable at http://127.0.0.1:1</p>',
    );
    expect(html).not.toContain('id="waterfall"');
  });
});
