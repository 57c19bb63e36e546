import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createMetrics, inOwnTransaction } from '@saga/saga-runtime';
import { throwawayDatabase } from '@saga/saga-runtime/testing';
import type { EventMap, ProducedBy } from '@saga/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelOrder } from '../application/cancel-order';
import { placeOrder } from '../application/place-order';
import { reactToOutcome, type SagaOutcome } from '../application/react-to-outcome';
import { analyticsSummary } from './summary';

const store = throwawayDatabase('order', fileURLToPath(new URL('../db/migrations', import.meta.url)));
beforeAll(() => store.setup());
afterAll(() => store.close());

const placedAt = new Date('2026-03-01T00:00:00.000Z');
let now = placedAt;
const deps = {
  database: store.database,
  outbox: { producer: 'order', validate: () => {}, traceContext: () => ({}) },
  clock: () => now,
  newId: randomUUID,
  metrics: createMetrics('order'),
  sagaDeadlineSeconds: 60,
};
const at = (msAfterPlacing: number) => {
  now = new Date(placedAt.getTime() + msAfterPlacing);
};
const place = async () =>
  (
    await placeOrder(
      deps,
      { customerId: 'alice', items: [{ sku: 'SKU-TEA', quantity: 1 }], currency: 'USD' },
      null,
    )
  ).orderId;
// What the order-service group does with payment's and inventory's events, in a transaction of its own.
const outcome = (command: SagaOutcome) =>
  inOwnTransaction<EventMap, void, ProducedBy<'order'>>(deps, (unit) => reactToOutcome(unit, deps, command));

describe('the analytics summary over the orders', () => {
  it('is empty before the first order', async () => {
    expect(await analyticsSummary(store.database.db)).toEqual({
      orders: 0,
      ordersByStatus: { PENDING: 0, CONFIRMED: 0, CANCELLED: 0 },
      cancelledByReason: {},
      revenueConfirmedCents: 0,
      averageSagaDurationMs: null,
    });
  });

  it('counts each order by status, confirmed revenue, and each saga until its first outcome', async () => {
    at(0);
    const [_pending, confirmed, rejected, confirmedThenCancelled] = [
      await place(),
      await place(),
      await place(),
      await place(),
    ];
    at(1_001);
    await outcome({ type: 'PaymentCompleted', orderId: confirmedThenCancelled!, amountCents: 500 });
    at(1_500);
    await outcome({ type: 'PaymentCompleted', orderId: confirmed!, amountCents: 1_200 });
    at(3_000);
    await outcome({
      type: 'InventoryRejected',
      orderId: rejected!,
      reason: 'OUT_OF_STOCK',
      detail: '0 left',
    });
    at(10_000);
    await cancelOrder(deps, confirmedThenCancelled!);

    expect(await analyticsSummary(store.database.db)).toEqual({
      orders: 4,
      ordersByStatus: { PENDING: 1, CONFIRMED: 1, CANCELLED: 2 },
      cancelledByReason: { CUSTOMER_CANCELLED: 1, OUT_OF_STOCK: 1 },
      // The order cancelled after its confirmation was refunded: its 500 is not revenue.
      revenueConfirmedCents: 1_200,
      // (1,001 + 1,500 + 3,000) / 3, rounded: the later cancellation does not lengthen that saga.
      averageSagaDurationMs: 1_834,
    });
  });
});
