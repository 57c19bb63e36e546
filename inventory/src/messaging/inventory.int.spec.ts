import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AppError } from '@saga/saga-runtime';
import { handlerHarness, rawMessage } from '@saga/saga-runtime/testing';
import { type EventMap, groupsOf, type OrderItem, schemas } from '@saga/schemas';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProduct, putProduct } from '../db/products';
import { inventoryHandlers } from './handlers';

const harness = handlerHarness<EventMap>({
  service: 'inventory',
  groupId: groupsOf('inventory').service.id,
  migrationsFolder: fileURLToPath(new URL('../db/migrations', import.meta.url)),
  schemas,
  handlers: inventoryHandlers,
});
const { database, handle } = harness;

const event = (orderId: string) => ({ eventId: randomUUID(), orderId, occurredAt: Date.now() });
const orderCreated = (orderId: string, items: OrderItem[]) =>
  harness.message('order.created', { ...event(orderId), customerId: 'alice', currency: 'USD', items });
const orderConfirmed = (orderId: string) =>
  harness.message('order.confirmed', {
    ...event(orderId),
    customerId: 'alice',
    totalCents: 0,
    currency: 'USD',
  });
const orderCancelled = (orderId: string) =>
  harness.message('order.cancelled', {
    ...event(orderId),
    customerId: 'alice',
    reason: 'CUSTOMER_CANCELLED',
    detail: 'test',
  });

/** A product of its own per test, so tests never share stock. */
async function newProduct(available: number, priceCents = 1250): Promise<string> {
  const sku = `IT-${randomUUID().slice(0, 8)}`;
  await putProduct(database.db, sku, { name: `test ${sku}`, priceCents, available }, new Date());
  return sku;
}

async function stockOf(sku: string) {
  const product = await findProduct(database.db, sku);
  return { available: product?.available, reserved: product?.reserved };
}

async function outboxOf(orderId: string) {
  return database.db.execute<{ topic: string; payload: Record<string, unknown> }>(
    sql`select topic, payload from outbox where message_key = ${orderId} order by id`,
  );
}

async function reservationStatus(orderId: string) {
  const rows = await database.db.execute<{ status: string }>(
    sql`select status from reservations where order_id = ${orderId}`,
  );
  return rows[0]?.status ?? null;
}

beforeAll(() => harness.setup());
afterAll(() => harness.close());

describe('inventory handlers against a migrated database', () => {
  it('reserves the stock of an order.created and puts inventory.reserved in the outbox', async () => {
    const coffee = await newProduct(10, 1250);
    const mug = await newProduct(3, 800);
    const orderId = randomUUID();
    await handle(
      await orderCreated(orderId, [
        { sku: coffee, quantity: 2 },
        { sku: mug, quantity: 3 },
      ]),
    );

    expect(await stockOf(coffee)).toEqual({ available: 8, reserved: 2 });
    expect(await stockOf(mug)).toEqual({ available: 0, reserved: 3 });
    expect(await reservationStatus(orderId)).toBe('RESERVED');
    const rows = await outboxOf(orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      topic: 'inventory.reserved',
      payload: {
        orderId,
        customerId: 'alice',
        currency: 'USD',
        lines: [
          { sku: coffee, quantity: 2, unitPriceCents: 1250 },
          { sku: mug, quantity: 3, unitPriceCents: 800 },
        ],
        totalCents: 4900,
      },
    });
  });

  it('applies a message delivered twice only once', async () => {
    const sku = await newProduct(10);
    const orderId = randomUUID();
    const created = await orderCreated(orderId, [{ sku, quantity: 4 }]);
    await handle(created);
    // Redelivered at a later offset, as after a rebalance: only the event id says it is the same.
    await handle({ ...created, offset: String(Number(created.offset) + 1) });

    expect(await stockOf(sku)).toEqual({ available: 6, reserved: 4 });
    expect(await outboxOf(orderId)).toHaveLength(1);
  });

  it('changes nothing when its events come again after the inbox was pruned: replayed at their offsets, or published again', async () => {
    const sku = await newProduct(10);
    const [kept, given, rejected, overtaken] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const messages = [
      await orderCreated(kept, [{ sku, quantity: 2 }]),
      await orderConfirmed(kept),
      await orderCreated(given, [{ sku, quantity: 3 }]),
      await orderConfirmed(given),
      await orderCancelled(given),
      await orderCreated(rejected, [{ sku, quantity: 50 }]),
      await orderCancelled(overtaken),
      await orderCreated(overtaken, [{ sku, quantity: 1 }]),
    ];
    for (const message of messages) await handle(message);
    const before = await harness.digests(['products', 'reservations', 'outbox']);

    expect((await harness.prune()).inbox).toBeGreaterThanOrEqual(messages.length);
    for (const message of messages) await handle(message);
    for (const message of messages) await handle(harness.republished(message));

    expect(await harness.digests(['products', 'reservations', 'outbox'])).toEqual(before);
  });

  it('refuses a poison message as not retryable, writing nothing', async () => {
    const count = async () => {
      const [row] = await database.db.execute<{ inbox: number; outbox: number }>(
        sql`select (select count(*) from inbox)::int as inbox, (select count(*) from outbox)::int as outbox`,
      );
      return row;
    };
    const before = await count();
    // A first byte other than the wire format's magic 0, so the bytes are garbage whatever follows.
    const garbage = Buffer.concat([Buffer.from([0xff]), randomBytes(64)]);

    const error = await handle(rawMessage('order.created', garbage)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ retryable: false, code: 'WIRE_FORMAT_INVALID' });
    expect(await count()).toEqual(before);
  });

  it('never oversells: 20 concurrent orders for 5 units reserve 5 and reject 15', async () => {
    const sku = await newProduct(5);
    const orderIds = Array.from({ length: 20 }, () => randomUUID());
    const messages = await Promise.all(orderIds.map((id) => orderCreated(id, [{ sku, quantity: 1 }])));

    await Promise.all(messages.map((m) => handle(m)));

    expect(await stockOf(sku)).toEqual({ available: 0, reserved: 5 });
    const outcomes = (await Promise.all(orderIds.map(outboxOf))).map((rows) => {
      expect(rows).toHaveLength(1);
      return rows[0]!;
    });
    expect(outcomes.filter((row) => row.topic === 'inventory.reserved')).toHaveLength(5);
    const rejected = outcomes.filter((row) => row.topic === 'inventory.rejected');
    expect(rejected).toHaveLength(15);
    for (const row of rejected) expect(row.payload.reason).toBe('OUT_OF_STOCK');
  });

  it('does not deadlock when concurrent orders name the same skus in opposite orders', async () => {
    const a = await newProduct(100);
    const b = await newProduct(100);
    const messages = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const items = [
          { sku: a, quantity: 1 },
          { sku: b, quantity: 1 },
        ];
        return orderCreated(randomUUID(), i % 2 === 0 ? items : items.reverse());
      }),
    );

    await Promise.all(messages.map((m) => handle(m)));

    expect(await stockOf(a)).toEqual({ available: 80, reserved: 20 });
    expect(await stockOf(b)).toEqual({ available: 80, reserved: 20 });
  });

  it('commits on order.confirmed and restocks on a later order.cancelled', async () => {
    const sku = await newProduct(10);
    const orderId = randomUUID();
    await handle(await orderCreated(orderId, [{ sku, quantity: 3 }]));
    await handle(await orderConfirmed(orderId));
    expect(await stockOf(sku)).toEqual({ available: 7, reserved: 0 });
    expect(await reservationStatus(orderId)).toBe('COMMITTED');

    await handle(await orderCancelled(orderId));
    await handle(await orderCancelled(orderId));

    expect(await stockOf(sku)).toEqual({ available: 10, reserved: 0 });
    expect(await reservationStatus(orderId)).toBe('RELEASED');
    const rows = await outboxOf(orderId);
    expect(rows.map((row) => row.topic)).toEqual(['inventory.reserved', 'inventory.released']);
    expect(rows[1]?.payload.lines).toEqual([{ sku, quantity: 3 }]);
  });

  it('keeps a tombstone when the cancel overtakes order.created, which then reserves nothing', async () => {
    const sku = await newProduct(10);
    const orderId = randomUUID();
    await handle(await orderCancelled(orderId));
    await handle(await orderCreated(orderId, [{ sku, quantity: 1 }]));

    expect(await reservationStatus(orderId)).toBe('CANCELLED');
    expect(await stockOf(sku)).toEqual({ available: 10, reserved: 0 });
    expect(await outboxOf(orderId)).toHaveLength(0);
  });

  it('rejects an order naming an unknown sku, reserving none of its lines', async () => {
    const sku = await newProduct(10);
    const orderId = randomUUID();
    await handle(
      await orderCreated(orderId, [
        { sku, quantity: 1 },
        { sku: `IT-unknown-${randomUUID()}`, quantity: 1 },
      ]),
    );

    expect(await stockOf(sku)).toEqual({ available: 10, reserved: 0 });
    expect(await reservationStatus(orderId)).toBe('REJECTED');
    expect((await outboxOf(orderId))[0]).toMatchObject({
      topic: 'inventory.rejected',
      payload: { reason: 'UNKNOWN_SKU' },
    });
  });
});
