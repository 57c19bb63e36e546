import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, urls } from '@saga/infra/settings';
import { describe, expect, it } from 'vitest';
import { ensureChromium, renderedDom, screenshot } from './support/chromium';
import { eventually } from './support/eventually';
import { type JaegerSpan, serviceOf, tag, traceOfOrder } from './support/jaeger';
import { sample } from './support/metrics';
import { story } from './support/shop';

const { system, shop } = story();

const services = ['order', 'inventory', 'payment', 'notification'] as const;
const outputDir = join(repoRoot, 'test-output', 'e2e');

interface Timeline {
  status: string;
  traceId: string | null;
  jaegerUrl: string | null;
  events: {
    type: string;
    producer: string;
    causationId: string | null;
    eventId: string;
    traceId: string | null;
  }[];
}

async function confirmedOrder() {
  // Kim bought a book at 12.00 out of her 100.00.
  const { orderId } = await shop.confirmedOrder({ available: 10, priceCents: 1200, balance: 10_000 });
  await shop.notified(orderId);
  return orderId;
}

const timelineOf = (orderId: string, length: number) =>
  eventually(
    async () => {
      const timeline = (await system.order.get<Timeline>(`/orders/${orderId}/timeline`)).body;
      return timeline.events.length >= length ? timeline : undefined;
    },
    30_000,
    `${length} timeline events of ${orderId}`,
  );

describe('Someone follows a saga', () => {
  it('finds the order in Jaeger as one trace through all four services, relay and consumers in causal order', async () => {
    const orderId = await confirmedOrder();

    const trace = await traceOfOrder(orderId, [...services]);

    const byId = new Map(trace.spans.map((span) => [span.spanID, span]));
    const parentOf = (span: JaegerSpan) =>
      byId.get(span.references.find((r) => r.refType === 'CHILD_OF')?.spanID ?? '');
    const ancestors = (span: JaegerSpan) => {
      const chain: JaegerSpan[] = [];
      for (let parent = parentOf(span); parent; parent = parentOf(parent)) chain.push(parent);
      return chain;
    };
    // Process spans of the service's saga group (the order service's timeline projection has its own).
    const span = (operation: string, service: string) => {
      const found = trace.spans.find(
        (s) =>
          s.operationName === operation &&
          serviceOf(trace, s) === service &&
          (!operation.endsWith('process') ||
            tag(s, 'messaging.consumer.group.name') === `${service}-service`),
      );
      expect(found, `${operation} in ${service}`).toBeDefined();
      return found!;
    };
    // Each hop: the producer's relay publishes, the consumer's process span is its child.
    const hops = [
      ['order.created', 'order', 'inventory'],
      ['inventory.reserved', 'inventory', 'payment'],
      ['payment.completed', 'payment', 'order'],
      ['order.confirmed', 'order', 'notification'],
    ] as const;
    for (const [topic, producer, consumer] of hops) {
      const publish = span(`${topic} publish`, producer);
      const processed = span(`${topic} process`, consumer);
      expect(parentOf(processed)?.spanID).toBe(publish.spanID);
      expect(tag(publish, 'order.id')).toBe(orderId);
      expect(tag(processed, 'messaging.kafka.offset')).toEqual(expect.any(Number));
    }
    // And each publish descends from the handling of the event that caused it.
    expect(ancestors(span('inventory.reserved publish', 'inventory'))).toContainEqual(
      span('order.created process', 'inventory'),
    );
    expect(ancestors(span('payment.completed publish', 'payment'))).toContainEqual(
      span('inventory.reserved process', 'payment'),
    );
    expect(ancestors(span('order.confirmed publish', 'order'))).toContainEqual(
      span('payment.completed process', 'order'),
    );
    const outcome = trace.spans.find((s) => tag(s, 'saga.outcome') === 'CONFIRMED');
    expect(outcome).toBeDefined();
    expect(trace.spans.some((s) => s.operationName === 'outbox write')).toBe(true);

    // And each service's log names that trace, and the span that applied the step, on its saga step.
    for (const [topic, , consumer] of hops) {
      const line = await eventually(
        async () =>
          system
            .logLines(consumer)
            .find(
              (entry) =>
                entry.msg === 'saga step' && entry.order_id === orderId && entry.event_type === topic,
            ),
        10_000,
        `${consumer}'s saga step line for ${topic}`,
      );
      expect(line).toMatchObject({
        trace_id: trace.traceID,
        span_id: span(`${topic} process`, consumer).spanID,
      });
    }
  });

  it('sees the counters move on /metrics, and every outbox drain back to 0', async () => {
    const scrape = async (service: (typeof services)[number]) =>
      (await system[service].get<string>('/metrics')).body;
    const before = { order: await scrape('order'), inventory: await scrape('inventory') };

    await confirmedOrder();

    const after = { order: await scrape('order'), inventory: await scrape('inventory') };
    const delta = (name: keyof typeof before, metric: string, labels: Record<string, string> = {}) =>
      sample(after[name], metric, labels) - sample(before[name], metric, labels);
    expect(delta('order', 'saga_orders_total', { event: 'created' })).toBeGreaterThanOrEqual(1);
    expect(delta('order', 'saga_orders_total', { event: 'confirmed' })).toBeGreaterThanOrEqual(1);
    expect(delta('order', 'saga_duration_seconds_count', { outcome: 'confirmed' })).toBeGreaterThanOrEqual(1);
    expect(
      delta('order', 'saga_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/orders',
        status: '202',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(delta('order', 'saga_events_produced_total', { topic: 'order.created' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(
      delta('inventory', 'saga_events_consumed_total', { topic: 'order.created' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      delta('inventory', 'saga_event_handler_duration_seconds_count', { topic: 'order.created' }),
    ).toBeGreaterThanOrEqual(1);
    expect(after.order).toContain('saga_consumer_lag_messages{');
    for (const service of services) {
      await expect
        .poll(async () => sample(await scrape(service), 'saga_outbox_backlog_rows'), { timeout: 20_000 })
        .toBe(0);
    }
  });

  it('reads the timeline of a confirmed order and of a compensated one, every event after its cause', async () => {
    const orderId = await confirmedOrder();
    const confirmed = await timelineOf(orderId, 4);
    expect(confirmed.events.map((e) => [e.type, e.producer])).toEqual([
      ['order.created', 'order'],
      ['inventory.reserved', 'inventory'],
      ['payment.completed', 'payment'],
      ['order.confirmed', 'order'],
    ]);
    expect(confirmed.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(confirmed.jaegerUrl).toBe(`${urls.jaegerQuery}/trace/${confirmed.traceId}`);
    expect(new Set(confirmed.events.map((e) => e.traceId))).toEqual(new Set([confirmed.traceId]));

    const tv = await shop.stockProduct({ available: 3, priceCents: 90_000 });
    const lee = await shop.openAccount(50_000);
    const declinedId = await shop.placeOrder(lee, [{ sku: tv.sku, quantity: 1 }]);
    const compensated = await timelineOf(declinedId, 5);
    expect(compensated.status).toBe('CANCELLED');
    expect(compensated.events.map((e) => e.type)).toEqual([
      'order.created',
      'inventory.reserved',
      'payment.declined',
      'order.cancelled',
      'inventory.released',
    ]);
    for (const [index, event] of compensated.events.entries()) {
      if (index > 0) expect(event.causationId).toBe(compensated.events[index - 1]?.eventId);
    }
  });

  it('opens the timeline page in headless Chromium and sees every event, then the trace as a waterfall through all four services', {
    timeout: 900_000,
  }, async () => {
    const chromium = await ensureChromium();
    const orderId = await confirmedOrder();
    await timelineOf(orderId, 4);
    const trace = await traceOfOrder(orderId, [...services]);
    mkdirSync(outputDir, { recursive: true });
    const url = `${system.order.baseUrl}/orders/${orderId}/view`;
    const file = join(outputDir, 'saga-timeline.png');

    await screenshot(chromium, url, file, join(outputDir, 'chromium-profile'));
    const dom = await renderedDom(chromium, url, join(outputDir, 'chromium-profile'));

    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(dom).toContain(orderId);
    expect(dom.match(/<li /g)).toHaveLength(4);
    for (const type of ['order.created', 'inventory.reserved', 'payment.completed', 'order.confirmed'])
      expect(dom).toContain(type);
    expect(dom).toMatch(/id="status">CONFIRMED/);
    // Read from Jaeger's query API by the order service: one row per span, each with its duration.
    const rows = [
      ...dom.matchAll(
        /<tr class="span[^"]*" data-service="([^"]+)"[\s\S]*?<td class="duration">([^<]*)<\/td>/g,
      ),
    ].map(([, service, duration]) => ({ service, duration }));
    expect(rows.length).toBeGreaterThanOrEqual(trace.spans.length);
    expect(new Set(rows.map((row) => row.service))).toEqual(new Set(services));
    for (const row of rows) expect(row.duration).toMatch(/^\d+(\.\d+)? ms$/);
    expect(dom).not.toContain('id="waterfall-missing"');
  });
});
