import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createServiceApp } from '@saga/saga-runtime';
import { silentLogger, testStack, throwawayDatabase } from '@saga/saga-runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../db/schema';
import { recordTimelineEntries } from '../db/timeline';
import { timelineRoutes } from './timeline-routes';

const store = throwawayDatabase('order', fileURLToPath(new URL('../db/migrations', import.meta.url)));
beforeAll(() => store.setup());
afterAll(() => store.close());

const view = (orderId: string, jaegerQueryUrl: string) => {
  const service = createServiceApp({ service: 'order', logger: silentLogger('order'), readiness: [] });
  service.route(
    '/',
    timelineRoutes({ database: store.database, jaegerUiUrl: 'http://localhost:16686', jaegerQueryUrl }),
  );
  return service.request(`/orders/${orderId}/view`);
};

/** A confirmed order with its first event, traced under a trace id Jaeger has never seen. */
async function tracedOrder() {
  const orderId = randomUUID();
  const traceId = randomBytes(16).toString('hex');
  const at = new Date();
  await store.database.db.insert(orders).values({
    orderId,
    customerId: 'kim',
    status: 'CONFIRMED',
    items: [{ sku: 'SKU-TEA', quantity: 1 }],
    currency: 'USD',
    deadlineAt: at,
    createdAt: at,
    updatedAt: at,
  });
  await store.database.db.transaction((tx) =>
    recordTimelineEntries(
      tx,
      [
        {
          eventId: randomUUID(),
          orderId,
          topic: 'order.created',
          partition: 0,
          offset: 0,
          producer: 'order',
          causationId: null,
          traceId,
          occurredAt: at,
        },
      ],
      at,
    ),
  );
  return { orderId, traceId };
}

describe('the timeline page when Jaeger cannot give the saga’s trace', () => {
  it('given Jaeger is unreachable, then the page still shows the timeline, says so in one line, and answers 200', async () => {
    const { orderId } = await tracedOrder();
    // Port 1 (tcpmux) is reserved and, in practice, never listened on.
    const jaeger = 'http://127.0.0.1:1';

    const response = await view(orderId, jaeger);

    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('order.created');
    expect(html).toContain(`No waterfall: Jaeger is unreachable at ${jaeger}</p>`);
  });

  it('given Jaeger has not got the trace (yet), then the page says so and answers 200', async () => {
    const { orderId, traceId } = await tracedOrder();

    const response = await view(orderId, testStack.jaegerQuery());

    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`No waterfall: trace ${traceId} is not in Jaeger yet</p>`);
  });
});
