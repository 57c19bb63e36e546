import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createMetrics } from '@saga/saga-runtime';
import { silentLogger, throwawayDatabase } from '@saga/saga-runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOverdueOrders } from '../deadline/deadline-sweeper';
import { cancelOrder } from './cancel-order';
import { placeOrder } from './place-order';

const store = throwawayDatabase('order', fileURLToPath(new URL('../db/migrations', import.meta.url)));
beforeAll(() => store.setup());
afterAll(() => store.close());

let now = new Date('2026-03-01T00:00:00.000Z');
const metrics = createMetrics('order');
const deps = {
  database: store.database,
  outbox: { producer: 'order', validate: () => {}, traceContext: () => ({}) },
  clock: () => now,
  newId: randomUUID,
  metrics,
  logger: silentLogger('order'),
  sagaDeadlineSeconds: 60,
};
const request = () => ({
  customerId: `c-${randomUUID()}`,
  items: [{ sku: 'SKU-TEA', quantity: 1 }],
  currency: 'USD',
});

const outboxOf = (orderId: string) =>
  store.database.sql<{ topic: string; payload: Record<string, unknown> }[]>`
    select topic, payload from outbox where message_key = ${orderId} order by id`;
const counted = async (event: string, reason = '') =>
  (await metrics.registry.getSingleMetricAsString('saga_orders_total')).includes(
    `saga_orders_total{event="${event}",reason="${reason}",service="order"}`,
  );

describe('order use cases on a real database', () => {
  it('places one order per Idempotency-Key: a retry gets it back, another body under the key is refused', async () => {
    const key = randomUUID();
    const body = request();
    const first = await placeOrder(deps, body, key);
    const retry = await placeOrder(deps, { ...body }, key);

    expect(retry.orderId).toBe(first.orderId);
    expect((await outboxOf(first.orderId)).map((row) => row.topic)).toEqual(['order.created']);
    await expect(placeOrder(deps, { ...body, customerId: 'someone else' }, key)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      status: 422,
    });
    expect(await counted('created')).toBe(true);
  });

  it('times out a PENDING order once its deadline has passed, and only then, once', async () => {
    const placedAt = now;
    const { orderId } = await placeOrder(deps, request(), null);

    now = new Date(placedAt.getTime() + 59_000);
    await sweepOverdueOrders(deps);
    expect((await outboxOf(orderId)).map((row) => row.topic)).toEqual(['order.created']);

    now = new Date(placedAt.getTime() + 61_000);
    await sweepOverdueOrders(deps);
    await sweepOverdueOrders(deps);
    const rows = await outboxOf(orderId);
    expect(rows.map((row) => row.topic)).toEqual(['order.created', 'order.cancelled']);
    expect(rows[1]?.payload).toMatchObject({ orderId, reason: 'TIMED_OUT' });
    expect(await counted('cancelled', 'TIMED_OUT')).toBe(true);
  });

  it('cancels for the customer once, and knows no order it never placed', async () => {
    const { orderId } = await placeOrder(deps, request(), null);

    expect(await cancelOrder(deps, orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'CUSTOMER_CANCELLED',
    });
    await expect(cancelOrder(deps, orderId)).rejects.toMatchObject({ code: 'ORDER_ALREADY_CANCELLED' });
    await expect(cancelOrder(deps, randomUUID())).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
      status: 404,
    });
    expect((await outboxOf(orderId)).map((row) => row.topic)).toEqual(['order.created', 'order.cancelled']);
  });
});
