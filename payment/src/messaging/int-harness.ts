import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  type CodecRegistry,
  connectDatabase,
  createAvroCodec,
  createLogger,
  dispatch,
  headerNames,
  type RawMessage,
} from '@saga/saga-runtime';
import { type EventMap, schemas } from '@saga/schemas';
import { eq, inArray } from 'drizzle-orm';
import { findAccount, setBalance } from '../db/accounts';
import { findPaymentByOrder } from '../db/payments';
import { accounts, cancelledOrders, inbox, outbox, payments } from '../db/schema';
import { onInventoryReserved } from './inventory-reserved';
import { onOrderCancelled } from './order-cancelled';

const databaseUrl = process.env.PAYMENT_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/payment';
const registryUrl = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';

// payment does not depend on the registry client (only saga-runtime does) and adding it would change
// the workspace lockfile, so the test borrows saga-runtime's copy: the very client bootService uses.
const fromRuntime = createRequire(createRequire(import.meta.url).resolve('@saga/saga-runtime'));
const { SchemaRegistry } = fromRuntime('@kafkajs/confluent-schema-registry') as {
  SchemaRegistry: new (options: { host: string }) => CodecRegistry;
};

export const OPENING_BALANCE_CENTS = 5000;
export const now = new Date('2026-03-04T05:06:07.000Z');

/**
 * The payment consumer as bootService wires it, minus Kafka: the real database, the real Avro codec
 * and registry, the runtime's dispatch (decode, inbox, one transaction, outbox). Everything a test
 * creates is remembered and deleted in `cleanUp`, so a relay started later publishes none of it.
 */
export function paymentHarness() {
  const database = connectDatabase(databaseUrl, { applicationName: 'payment-int-test' });
  const codec = createAvroCodec<EventMap>({ registry: new SchemaRegistry({ host: registryUrl }), schemas });
  const deps = { clock: () => now, newId: randomUUID, openingBalanceCents: OPENING_BALANCE_CENTS };
  const created = { customers: [] as string[], orders: [] as string[], events: [] as string[] };

  const handle = dispatch<EventMap>({
    db: database.db,
    groupId: 'payment-service',
    handlers: {
      'inventory.reserved': onInventoryReserved(deps),
      'order.cancelled': onOrderCancelled(deps),
    },
    decode: (buffer, topic) => codec.decode(buffer, { topic }),
    outbox: {
      producer: 'payment',
      validate: (topic, event) => codec.validate(topic, event),
      traceContext: () => ({}),
    },
    logger: createLogger({ service: 'payment', stream: { write: () => true } }),
  });

  const customer = () => {
    const id = `it-${randomUUID()}`;
    created.customers.push(id);
    return id;
  };

  const order = () => {
    const id = randomUUID();
    created.orders.push(id);
    return id;
  };

  const reserved = (customerId: string, orderId: string, totalCents: number) =>
    event('inventory.reserved', {
      eventId: randomUUID(),
      orderId,
      occurredAt: now.getTime(),
      customerId,
      currency: 'USD',
      lines: [{ sku: 'SKU-COFFEE', quantity: 1, unitPriceCents: totalCents }],
      totalCents,
    });

  const cancelled = (customerId: string, orderId: string) =>
    event('order.cancelled', {
      eventId: randomUUID(),
      orderId,
      occurredAt: now.getTime(),
      customerId,
      reason: 'CUSTOMER_CANCELLED',
      detail: 'cancelled by the customer',
    });

  async function event<T extends keyof EventMap & string>(topic: T, value: EventMap[T]) {
    created.events.push(value.eventId);
    const message = rawMessage(topic, await codec.encode(topic, value), {
      [headerNames.eventId]: value.eventId,
      [headerNames.eventType]: topic,
      [headerNames.correlationId]: value.orderId,
      [headerNames.producer]: topic.startsWith('order.') ? 'order' : 'inventory',
    });
    return { value, message };
  }

  const { db } = database;
  return {
    database,
    handle,
    customer,
    order,
    reserved,
    cancelled,
    rawMessage,
    account: (customerId: string) => findAccount(db, customerId),
    setBalance: (customerId: string, cents: number) => setBalance(db, customerId, cents, now),
    payment: (orderId: string) => findPaymentByOrder(db, orderId),
    outboxOf: (orderId: string) =>
      db.select().from(outbox).where(eq(outbox.messageKey, orderId)).orderBy(outbox.id),
    inboxHas: async (eventId: string) =>
      (await db.select().from(inbox).where(eq(inbox.eventId, eventId))).length > 0,
    migrate: () => database.migrate(fileURLToPath(new URL('../db/migrations', import.meta.url))),
    async cleanUp() {
      const { customers, orders, events } = created;
      if (orders.length > 0) {
        await db.delete(outbox).where(inArray(outbox.messageKey, orders));
        await db.delete(payments).where(inArray(payments.orderId, orders));
        await db.delete(cancelledOrders).where(inArray(cancelledOrders.orderId, orders));
      }
      if (events.length > 0) await db.delete(inbox).where(inArray(inbox.eventId, events));
      if (customers.length > 0) await db.delete(accounts).where(inArray(accounts.customerId, customers));
      await database.close();
    },
  };
}

export function rawMessage(topic: string, value: Buffer, headers: Record<string, string> = {}): RawMessage {
  return {
    topic,
    partition: 0,
    offset: '0',
    key: null,
    value,
    headers,
    timestamp: String(now.getTime()),
    control: { heartbeat: async () => {}, isActive: () => true },
  };
}
