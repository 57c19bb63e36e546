import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { repoRoot, urls } from '@saga/infra/settings';
import { createAvroCodec } from '@saga/saga-runtime';
import { type EventMap, schemas } from '@saga/schemas';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { eventually } from './support/eventually';
import { consumersCaughtUp, eventsOfOrder, kafka, registry } from './support/kafka';
import { story } from './support/shop';

const { shop } = story();
const run = promisify(execFile);
const dlq = async (...args: string[]) =>
  (
    await run(process.execPath, ['--import', 'tsx', 'infra/src/operator/dlq/cli.ts', ...args], {
      cwd: repoRoot,
      timeout: 120_000,
    })
  ).stdout;
const codec = createAvroCodec({ registry, schemas });

async function publish<T extends keyof EventMap & string>(topic: T, event: EventMap[T]) {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      {
        key: event.orderId,
        value: await codec.encode(topic, event),
        headers: { 'event-id': event.eventId, 'event-type': topic, producer: 'payment' },
      },
    ],
  });
  await producer.disconnect();
}

describe('An event cannot be processed', () => {
  // The order's five events: the payment and its redriven copy, the parked rejection and its released copy, order.confirmed.
  it('is dead-lettered with its error, parks later events of its order, and completes once redriven after the fix', {
    timeout: 180_000,
  }, async () => {
    // A payment for an order the order service does not have (say, lost in a botched restore).
    const orderId = randomUUID();
    const payment: EventMap['payment.completed'] = {
      eventId: randomUUID(),
      orderId,
      occurredAt: Date.now(),
      customerId: 'restored-customer',
      paymentId: randomUUID(),
      amountCents: 4200,
      currency: 'USD',
    };
    await publish('payment.completed', payment);
    const letter = await eventually(
      async () => {
        const list = await dlq('list', '--group', 'order-service');
        return list.split('\n').find((line) => line.includes(`key=${orderId}`));
      },
      30_000,
      'the dead letter',
    );
    expect(letter).toMatch(/ORDER_NOT_FOUND\s+payment\.completed\[\d\]@\d+/);
    const id = letter.split(/\s+/)[0]!;
    const shown = JSON.parse(await dlq('show', '--group', 'order-service', '--id', id)) as {
      headers: Record<string, string>;
    };
    expect(shown.headers).toMatchObject({
      'dlq-error-code': 'ORDER_NOT_FOUND',
      'dlq-original-topic': 'payment.completed',
      'dlq-consumer-group': 'order-service',
      'dlq-attempts': '1',
      'event-id': payment.eventId,
    });

    // A later event of the same order waits behind it; other orders keep completing.
    const rejection: EventMap['inventory.rejected'] = {
      eventId: randomUUID(),
      orderId,
      occurredAt: Date.now(),
      customerId: 'restored-customer',
      reason: 'OUT_OF_STOCK',
      detail: 'late',
    };
    await publish('inventory.rejected', rejection);
    await eventually(
      async () =>
        (await dlq('list', '--group', 'order-service')).includes('1 parked behind it') ? true : undefined,
      30_000,
      'the parked event',
    );
    const mug = await shop.stockProduct({ available: 5 });
    const other = await shop.placeOrder(await shop.openAccount(10_000), [{ sku: mug.sku, quantity: 1 }]);
    expect(await shop.settled(other)).toMatchObject({ status: 'CONFIRMED' });

    // The fix: the order is restored. Then the dead letter is redriven.
    const orderDb = postgres(`${urls.postgres}/order`, { max: 1 });
    await orderDb`
      insert into orders (order_id, customer_id, status, items, currency, deadline_at, created_at, updated_at)
      values (${orderId}, 'restored-customer', 'PENDING', ${JSON.stringify([{ sku: 'SKU-TEA', quantity: 1 }])}::jsonb, 'USD',
              now() + interval '1 hour', now(), now())`;
    await dlq('redrive', '--group', 'order-service', '--id', id);

    expect(await shop.settled(orderId)).toMatchObject({ status: 'CONFIRMED', totalCents: 4200 });
    await consumersCaughtUp(['order-service']);
    await eventually(
      async () => {
        const [row] =
          await orderDb`select count(*)::int as n from inbox where consumer_group = 'order-service' and event_id = ${rejection.eventId}`;
        return row?.n === 1 ? true : undefined;
      },
      30_000,
      'the parked event to be applied',
    );
    expect((await shop.getOrder(orderId)).status).toBe('CONFIRMED');
    const [left] =
      await orderDb`select count(*)::int as n from parked_messages where message_key = ${orderId}`;
    expect(left?.n).toBe(0);
    await orderDb.end();
    expect(
      (await dlq('list', '--group', 'order-service')).split('\n').find((line) => line.startsWith(id)),
    ).toContain('settled');
    expect((await eventsOfOrder(orderId, 5)).map((e) => e.topic).sort()).toEqual([
      'inventory.rejected',
      'inventory.rejected',
      'order.confirmed',
      'payment.completed',
      'payment.completed',
    ]);
  });
});
