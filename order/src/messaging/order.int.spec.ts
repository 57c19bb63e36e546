import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AppError, createMetrics, headerNames } from '@saga/saga-runtime';
import { handlerHarness, rawMessage } from '@saga/saga-runtime/testing';
import { type EventMap, groupsOf, schemas } from '@saga/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderMetrics } from '../application/order-metrics';
import { findOrder, insertOrder } from '../db/orders';
import { timelineOf, timelineRetention } from '../db/timeline';
import { orderDecider } from '../domain/order';
import { orderHandlers } from './handlers';
import { timelineProjector } from './record-timeline';

const migrationsFolder = fileURLToPath(new URL('../db/migrations', import.meta.url));
const metrics = createMetrics('order');
const saga = handlerHarness<EventMap>({
  service: 'order',
  groupId: groupsOf('order').service.id,
  migrationsFolder,
  schemas,
  handlers: (deps) => orderHandlers({ ...deps, metrics }),
});
const timeline = handlerHarness<EventMap>({
  service: 'order',
  groupId: groupsOf('order').timeline.id,
  migrationsFolder,
  schemas,
  handlers: (deps) => timelineProjector(deps, 30 * 24 * 3600_000),
});
// A timeline that keeps a second and a half of history, to see its retention at work.
const timelineRetentionMs = 1500;
const shortTimeline = handlerHarness<EventMap>({
  service: 'order',
  groupId: groupsOf('order').timeline.id,
  migrationsFolder,
  schemas,
  handlers: (deps) => timelineProjector(deps, timelineRetentionMs),
});
const harnesses = [saga, timeline, shortTimeline];
beforeAll(() => Promise.all(harnesses.map((harness) => harness.setup())));
afterAll(() => Promise.all(harnesses.map((harness) => harness.close())));

/** A PENDING order, as POST /orders leaves it. */
async function pendingOrder(): Promise<string> {
  const orderId = randomUUID();
  const { state } = orderDecider.decide(
    null,
    {
      type: 'PlaceOrder',
      orderId,
      customerId: 'alice',
      items: [{ sku: 'SKU-TEA', quantity: 2 }],
      currency: 'USD',
      deadlineSeconds: 60,
    },
    { now: new Date(), newId: randomUUID },
  );
  await saga.database.db.transaction((tx) =>
    insertOrder(tx, state, { idempotencyKey: null, requestHash: 'h' }),
  );
  return orderId;
}

const paymentCompleted = (orderId: string): EventMap['payment.completed'] => ({
  eventId: randomUUID(),
  orderId,
  occurredAt: Date.now(),
  customerId: 'alice',
  paymentId: randomUUID(),
  amountCents: 1300,
  currency: 'USD',
});

const sagasConfirmed = async () =>
  (await orderMetrics(metrics).sagaDuration.get()).values.find(
    (value) => value.metricName === 'saga_duration_seconds_count' && value.labels.outcome === 'confirmed',
  )?.value ?? 0;

const outboxOf = (orderId: string) =>
  saga.database.sql<{ topic: string; payload: Record<string, unknown>; headers: Record<string, string> }[]>`
    select topic, payload, headers from outbox where message_key = ${orderId} order by id`;

describe('order service consumer', () => {
  it('confirms a PENDING order on payment.completed and publishes order.confirmed, caused by the payment', async () => {
    const orderId = await pendingOrder();
    const paid = paymentCompleted(orderId);

    await saga.deliver('payment.completed', paid);

    expect(await findOrder(saga.database.db, orderId)).toMatchObject({
      status: 'CONFIRMED',
      totalCents: 1300,
    });
    const [confirmed] = await outboxOf(orderId);
    expect(confirmed?.topic).toBe('order.confirmed');
    expect(confirmed?.payload).toMatchObject({ orderId, totalCents: 1300, currency: 'USD' });
    expect(confirmed?.headers).toMatchObject({
      [headerNames.causationId]: paid.eventId,
      [headerNames.correlationId]: orderId,
    });
  });

  it('applies a duplicate delivery once', async () => {
    const orderId = await pendingOrder();
    const message = await saga.message('payment.completed', paymentCompleted(orderId));

    await saga.handle(message);
    await saga.handle(message);

    expect(await outboxOf(orderId)).toHaveLength(1);
  });

  it('counts a saga that ended once its transaction committed: once, though a poison event after it rolled its run back', async () => {
    const orderId = await pendingOrder();
    const paid = await saga.message('payment.completed', paymentCompleted(orderId));
    const poison = await saga.message('payment.completed', paymentCompleted(randomUUID()));
    const before = await sagasConfirmed();

    await expect(saga.handleRun([paid, poison])).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    await saga.handle(paid);

    expect(await findOrder(saga.database.db, orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect((await sagasConfirmed()) - before).toBe(1);
  });

  it('cancels with the inventory reason, and ignores a late outcome for an order already ended', async () => {
    const orderId = await pendingOrder();
    await saga.deliver('inventory.rejected', {
      eventId: randomUUID(),
      orderId,
      occurredAt: Date.now(),
      customerId: 'alice',
      reason: 'OUT_OF_STOCK',
      detail: 'SKU-TEA: 1 left',
    });
    await saga.deliver('payment.completed', paymentCompleted(orderId));

    expect(await findOrder(saga.database.db, orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'OUT_OF_STOCK',
    });
    expect((await outboxOf(orderId)).map((row) => row.topic)).toEqual(['order.cancelled']);
  });

  it('changes nothing when its events come again after the inbox was pruned: replayed at their offsets, or published again', async () => {
    const [confirmed, rejected, declined] = [
      await pendingOrder(),
      await pendingOrder(),
      await pendingOrder(),
    ];
    const messages = [
      await saga.message('payment.completed', paymentCompleted(confirmed)),
      await saga.message('inventory.rejected', {
        eventId: randomUUID(),
        orderId: rejected,
        occurredAt: Date.now(),
        customerId: 'alice',
        reason: 'OUT_OF_STOCK',
        detail: 'SKU-TEA: 1 left',
      }),
      await saga.message('payment.declined', {
        eventId: randomUUID(),
        orderId: declined,
        occurredAt: Date.now(),
        customerId: 'alice',
        amountCents: 1300,
        currency: 'USD',
        reason: 'PAYMENT_DECLINED',
        detail: 'balance too low',
      }),
    ];
    await saga.handleRun(messages);
    const before = await saga.digests(['orders', 'outbox']);

    expect((await saga.prune()).inbox).toBeGreaterThanOrEqual(messages.length);
    await saga.handleRun(messages);
    await saga.handleRun(messages.map(saga.republished));

    expect(await saga.digests(['orders', 'outbox'])).toEqual(before);
  });

  it('refuses poison (random bytes, an event about an unknown order) without writing anything', async () => {
    const garbage = rawMessage('payment.completed', Buffer.concat([Buffer.from([7]), randomBytes(40)]));
    await expect(saga.handle(garbage)).rejects.toMatchObject({
      code: 'WIRE_FORMAT_INVALID',
      retryable: false,
    });
    const unknown = paymentCompleted(randomUUID());
    const failure = await saga.deliver('payment.completed', unknown).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'ORDER_NOT_FOUND', retryable: false });
    const [inbox] = await saga.database
      .sql`select count(*)::int as n from inbox where event_id = ${unknown.eventId}`;
    expect(inbox).toEqual({ n: 0 });
  });
});

describe('timeline projection', () => {
  it('records every event once, with its origin, whatever the redeliveries', async () => {
    const orderId = randomUUID();
    const paid = paymentCompleted(orderId);
    const causationId = randomUUID();
    const message = await timeline.message('payment.completed', paid, {
      [headerNames.producer]: 'payment',
      [headerNames.causationId]: causationId,
      [headerNames.traceparent]: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    });

    await timeline.handle(message);
    // Redelivered alone, and twice within one run (a relay that published it again).
    await timeline.handle(message);
    await timeline.handleRun([message, message]);

    expect(await timelineOf(timeline.database.db, orderId)).toEqual([
      expect.objectContaining({
        eventId: paid.eventId,
        topic: 'payment.completed',
        producer: 'payment',
        causationId,
        traceId: 'a'.repeat(32),
        occurredAt: new Date(paid.occurredAt),
      }),
    ]);
  });

  it('keeps TIMELINE_RETENTION of history: older events are pruned, and neither a replay nor old bytes published again bring them back', async () => {
    const orderId = randomUUID();
    const recent = await shortTimeline.message('payment.completed', paymentCompleted(orderId));
    const tooOld = await shortTimeline.message('payment.completed', {
      ...paymentCompleted(orderId),
      occurredAt: Date.now() - 10_000,
    });
    await shortTimeline.handleRun([recent, tooOld]);
    expect((await timelineOf(shortTimeline.database.db, orderId)).map((entry) => entry.offset)).toEqual([
      Number(recent.offset),
    ]);

    await new Promise((resolve) => setTimeout(resolve, timelineRetentionMs + 100));
    expect((await shortTimeline.prune(timelineRetention(timelineRetentionMs))).saga_timeline).toBe(1);
    await shortTimeline.handleRun([recent, tooOld]);
    await shortTimeline.handleRun([recent, tooOld].map(shortTimeline.republished));

    expect(await timelineOf(shortTimeline.database.db, orderId)).toEqual([]);
  });

  it('records a run of events of several orders in one go', async () => {
    const orders = [randomUUID(), randomUUID(), randomUUID()];
    const run = await Promise.all(
      orders.map((orderId) => timeline.message('payment.completed', paymentCompleted(orderId))),
    );

    await timeline.handleRun(run);

    for (const orderId of orders) {
      expect(await timelineOf(timeline.database.db, orderId)).toEqual([
        expect.objectContaining({ orderId, topic: 'payment.completed' }),
      ]);
    }
  });
});
