import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '@saga/saga-runtime';
import { rawMessage } from '@saga/saga-runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { now, OPENING_BALANCE_CENTS, paymentHarness } from './int-harness';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('payment handlers against a migrated database', () => {
  const harness = paymentHarness();

  beforeAll(() => harness.setup());
  afterAll(() => harness.close());

  it('charges a first-seen customer from the opening balance and publishes payment.completed', async () => {
    const customerId = harness.customer();
    const orderId = harness.order();
    const { value, message } = await harness.reserved(customerId, orderId, 1998);

    await harness.handle(message);

    expect(await harness.account(customerId)).toMatchObject({ balanceCents: OPENING_BALANCE_CENTS - 1998 });
    const payment = await harness.payment(orderId);
    expect(payment).toMatchObject({ customerId, amountCents: 1998, status: 'COMPLETED', reason: null });
    expect(payment?.createdAt.toISOString()).toBe(now.toISOString());
    const rows = await harness.outboxOf(orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ topic: 'payment.completed', messageKey: orderId, publishedAt: null });
    expect(rows[0]?.payload).toEqual({
      eventId: expect.stringMatching(uuid),
      orderId,
      occurredAt: now.getTime(),
      customerId,
      paymentId: payment?.paymentId,
      amountCents: 1998,
      currency: 'USD',
    });
    expect(rows[0]?.headers).toEqual({
      'event-type': 'payment.completed',
      'correlation-id': orderId,
      'causation-id': value.eventId,
      producer: 'payment',
    });
  });

  it('declines a charge the balance does not cover and leaves the balance alone', async () => {
    const customerId = harness.customer();
    await harness.setBalance(customerId, 500);
    const orderId = harness.order();

    await harness.handle((await harness.reserved(customerId, orderId, 1998)).message);

    expect(await harness.account(customerId)).toMatchObject({ balanceCents: 500 });
    expect(await harness.payment(orderId)).toMatchObject({ status: 'DECLINED', reason: 'PAYMENT_DECLINED' });
    const rows = await harness.outboxOf(orderId);
    expect(rows.map((row) => row.topic)).toEqual(['payment.declined']);
    expect(rows[0]?.payload).toMatchObject({
      amountCents: 1998,
      reason: 'PAYMENT_DECLINED',
      detail: 'balance 500 below total 1998',
    });
  });

  it('refunds a completed charge when the order is cancelled, once', async () => {
    const customerId = harness.customer();
    const orderId = harness.order();
    await harness.handle((await harness.reserved(customerId, orderId, 1200)).message);
    const cancellation = await harness.cancelled(customerId, orderId);

    await harness.handle(cancellation.message);
    await harness.handle((await harness.cancelled(customerId, orderId)).message);

    expect(await harness.account(customerId)).toMatchObject({ balanceCents: OPENING_BALANCE_CENTS });
    const payment = await harness.payment(orderId);
    expect(payment?.status).toBe('REFUNDED');
    const rows = await harness.outboxOf(orderId);
    expect(rows.map((row) => row.topic)).toEqual(['payment.completed', 'payment.refunded']);
    expect(rows[1]?.payload).toMatchObject({ paymentId: payment?.paymentId, amountCents: 1200 });
    expect(rows[1]?.headers).toMatchObject({ 'causation-id': cancellation.value.eventId });
  });

  it('changes nothing when its events come again after the inbox was pruned: replayed at their offsets, or published again', async () => {
    const [customerId, poor] = [harness.customer(), harness.customer()];
    await harness.setBalance(poor, 100);
    const [charged, refunded, declined, overtaken] = [
      harness.order(),
      harness.order(),
      harness.order(),
      harness.order(),
    ];
    const events = [
      await harness.reserved(customerId, charged, 700),
      await harness.reserved(customerId, refunded, 900),
      await harness.cancelled(customerId, refunded),
      await harness.reserved(poor, declined, 1998),
      await harness.cancelled(customerId, overtaken),
      await harness.reserved(customerId, overtaken, 500),
    ];
    const messages = events.map((event) => event.message);
    for (const message of messages) await harness.handle(message);
    const before = await harness.digests(['accounts', 'payments', 'cancelled_orders', 'outbox']);

    expect((await harness.prune()).inbox).toBeGreaterThanOrEqual(messages.length);
    for (const message of messages) await harness.handle(message);
    for (const message of messages) await harness.handle(harness.republished(message));

    expect(await harness.digests(['accounts', 'payments', 'cancelled_orders', 'outbox'])).toEqual(before);
  });

  it('charges nothing for a reservation that arrives after its order was cancelled', async () => {
    const customerId = harness.customer();
    const orderId = harness.order();

    await harness.handle((await harness.cancelled(customerId, orderId)).message);
    await harness.handle((await harness.reserved(customerId, orderId, 1998)).message);

    expect(await harness.account(customerId)).toMatchObject({ balanceCents: OPENING_BALANCE_CENTS });
    expect(await harness.payment(orderId)).toBeNull();
    expect(await harness.outboxOf(orderId)).toEqual([]);
  });

  it('charges a redelivered message once, whether redelivered after or during the first delivery', async () => {
    const customerId = harness.customer();
    const [first, second] = [harness.order(), harness.order()];
    const { message } = await harness.reserved(customerId, first, 1000);
    const { message: racing } = await harness.reserved(customerId, second, 1000);

    await harness.handle(message);
    await harness.handle(message);
    await Promise.all([harness.handle(racing), harness.handle(racing)]);

    expect(await harness.account(customerId)).toMatchObject({ balanceCents: OPENING_BALANCE_CENTS - 2000 });
    expect(await harness.outboxOf(first)).toHaveLength(1);
    expect(await harness.outboxOf(second)).toHaveLength(1);
  });

  it.each([
    ['random bytes', () => randomBytes(64).fill(0x7b, 0, 1), 'WIRE_FORMAT_INVALID'],
    ['a wrong magic byte', () => Buffer.from([1, 0, 0, 0, 1, 2, 3]), 'WIRE_FORMAT_INVALID'],
    ['too few bytes', () => Buffer.from([0, 0]), 'WIRE_FORMAT_INVALID'],
    ['an unknown schema id', () => Buffer.from([0, 0x7f, 0, 0, 0, 2, 0]), 'SCHEMA_UNKNOWN'],
  ])('refuses %s as poison without writing anything', async (_, bytes, code) => {
    const eventId = randomUUID();
    const message = rawMessage('inventory.reserved', bytes(), { 'event-id': eventId });

    const error = await harness.handle(message).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code, retryable: false });
    expect(await harness.inboxHas(eventId)).toBe(false);
  });

  it('refuses an event of another schema on the topic as poison, writing nothing', async () => {
    const customerId = harness.customer();
    const orderId = harness.order();
    const { value, message } = await harness.cancelled(customerId, orderId);

    const error = await harness.handle({ ...message, topic: 'inventory.reserved' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'AppError', retryable: false });
    expect(await harness.inboxHas(value.eventId)).toBe(false);
    expect(await harness.account(customerId)).toBeNull();
    expect(await harness.outboxOf(orderId)).toEqual([]);
  });

  it('lets exactly as many concurrent charges through as the balance covers', async () => {
    const customerId = harness.customer();
    await harness.setBalance(customerId, 3000);
    const orders = Array.from({ length: 10 }, () => harness.order());
    const messages = await Promise.all(orders.map((orderId) => harness.reserved(customerId, orderId, 1000)));

    await Promise.all(messages.map(({ message }) => harness.handle(message)));

    const payments = await Promise.all(orders.map((orderId) => harness.payment(orderId)));
    const statuses = payments.map((payment) => payment?.status);
    expect(statuses.filter((status) => status === 'COMPLETED')).toHaveLength(3);
    expect(statuses.filter((status) => status === 'DECLINED')).toHaveLength(7);
    expect(await harness.account(customerId)).toMatchObject({ balanceCents: 0 });
    const topics = (await Promise.all(orders.map((orderId) => harness.outboxOf(orderId)))).flat();
    expect(topics.filter((row) => row.topic === 'payment.completed')).toHaveLength(3);
    expect(topics.filter((row) => row.topic === 'payment.declined')).toHaveLength(7);
  });
});
