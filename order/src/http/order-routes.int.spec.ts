import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createServiceApp } from '@saga/saga-runtime';
import { silentLogger, throwawayDatabase } from '@saga/saga-runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderRoutes } from './order-routes';

const store = throwawayDatabase('order', fileURLToPath(new URL('../db/migrations', import.meta.url)));
let now = Date.parse('2026-02-01T00:00:00.000Z');
const app = () => {
  const service = createServiceApp({ service: 'order', logger: silentLogger('order'), readiness: [] });
  service.route(
    '/',
    orderRoutes({
      database: store.database,
      outbox: { producer: 'order', validate: () => {}, traceContext: () => ({}) },
      // Each order a second later than the one before: the listing order is then known.
      clock: () => {
        now += 1000;
        return new Date(now);
      },
      newId: randomUUID,
      sagaDeadlineSeconds: 300,
    }),
  );
  return service;
};
beforeAll(() => store.setup());
afterAll(() => store.close());

const place = async (customerId: string) => {
  const response = await app().request('/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customerId, items: [{ sku: 'SKU-TEA', quantity: 1 }] }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { orderId: string }).orderId;
};

describe('GET /orders on a real database', () => {
  it('pages through a customer’s orders newest first, each exactly once, following nextCursor', async () => {
    const customer = `pager-${randomUUID().slice(0, 8)}`;
    const placed: string[] = [];
    for (let i = 0; i < 7; i++) placed.push(await place(customer));
    await place('someone-else');

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/orders?customerId=${customer}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await (await app().request(query)).json()) as {
        orders: { orderId: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.orders.map((order) => order.orderId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);

    expect(pages).toBe(3);
    expect(seen).toEqual([...placed].reverse());
  });

  it('filters by status, and returns the order it stored', async () => {
    const customer = `filter-${randomUUID().slice(0, 8)}`;
    const orderId = await place(customer);
    const pending = (await (await app().request(`/orders?customerId=${customer}&status=PENDING`)).json()) as {
      orders: unknown[];
    };
    const confirmed = (await (
      await app().request(`/orders?customerId=${customer}&status=CONFIRMED`)
    ).json()) as { orders: unknown[] };
    expect(pending.orders).toHaveLength(1);
    expect(confirmed.orders).toHaveLength(0);
    expect(await (await app().request(`/orders/${orderId}`)).json()).toMatchObject({
      orderId,
      customerId: customer,
      status: 'PENDING',
      items: [{ sku: 'SKU-TEA', quantity: 1 }],
      totalCents: null,
      currency: 'USD',
      cancellationReason: null,
    });
  });
});
