import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  AppError,
  connectDatabase,
  createAvroCodec,
  createLogger,
  dispatch,
  type RawMessage,
  SchemaRegistry,
} from '@saga/saga-runtime';
import { consumerGroups, type EventMap, type OrderItem, schemas } from '@saga/schemas';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProduct, putProduct } from '../db/products';
import { inbox, outbox, products, reservations } from '../db/schema';
import { inventoryHandlers } from './handlers';

const databaseUrl =
  process.env.INVENTORY_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/inventory';
const registryUrl = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';

const database = connectDatabase(databaseUrl, { applicationName: 'inventory-int-test' });
const codec = createAvroCodec<EventMap>({ registry: new SchemaRegistry({ host: registryUrl }), schemas });
const handle = dispatch<EventMap>({
  db: database.db,
  groupId: consumerGroups.inventory,
  handlers: inventoryHandlers({ clock: () => new Date(), newId: randomUUID }),
  decode: (buffer, topic) => codec.decode(buffer, { topic }),
  outbox: { producer: 'inventory', validate: codec.validate, traceContext: () => ({}) },
  logger: createLogger({ service: 'inventory-int-test', level: 'error' }),
});

// What this run wrote, removed afterwards: the service shares this database, and its relay would
// otherwise publish the test's events, and its seeding would find the catalogue not empty.
const written = { skus: [] as string[], orderIds: [] as string[], eventIds: [] as string[] };

let offset = 0;
async function message<T extends keyof EventMap & string>(topic: T, value: EventMap[T]): Promise<RawMessage> {
  written.orderIds.push(value.orderId);
  written.eventIds.push(value.eventId);
  return raw(topic, await codec.encode(topic, value), value.orderId);
}

function raw(topic: string, value: Buffer, key: string): RawMessage {
  return {
    topic,
    partition: 0,
    offset: String(++offset),
    key: Buffer.from(key),
    value,
    headers: {},
    timestamp: String(Date.now()),
    control: { heartbeat: async () => {}, isActive: () => true },
  };
}

const event = (orderId: string) => ({ eventId: randomUUID(), orderId, occurredAt: Date.now() });
const orderCreated = (orderId: string, items: OrderItem[]) =>
  message('order.created', { ...event(orderId), customerId: 'alice', currency: 'USD', items });
const orderConfirmed = (orderId: string) =>
  message('order.confirmed', { ...event(orderId), customerId: 'alice', totalCents: 0, currency: 'USD' });
const orderCancelled = (orderId: string) =>
  message('order.cancelled', {
    ...event(orderId),
    customerId: 'alice',
    reason: 'CUSTOMER_CANCELLED',
    detail: 'test',
  });

/** A product of its own per test, so tests never share stock. */
async function newProduct(available: number, priceCents = 1250): Promise<string> {
  const sku = `IT-${randomUUID().slice(0, 8)}`;
  written.skus.push(sku);
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

beforeAll(async () => {
  await database.migrate(fileURLToPath(new URL('../db/migrations', import.meta.url)));
});

afterAll(async () => {
  await database.db.transaction(async (tx) => {
    await tx.delete(outbox).where(inArray(outbox.messageKey, written.orderIds));
    await tx.delete(inbox).where(inArray(inbox.eventId, written.eventIds));
    await tx.delete(reservations).where(inArray(reservations.orderId, written.orderIds));
    await tx.delete(products).where(inArray(products.sku, written.skus));
  });
  await database.close();
});

describe('inventory handlers against the real database', () => {
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
    await handle({ ...created, offset: String(++offset) });

    expect(await stockOf(sku)).toEqual({ available: 6, reserved: 4 });
    expect(await outboxOf(orderId)).toHaveLength(1);
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

    const error = await handle(raw('order.created', garbage, randomUUID())).catch((e: unknown) => e);

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
