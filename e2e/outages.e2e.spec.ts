import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startComponent, stopComponent } from '@saga/infra';
import { describe, expect, it } from 'vitest';
import { consumersCaughtUp, sagaGroups } from './support/kafka';
import { story } from './support/shop';

const { system, shop } = story();

/** A client that keeps its Idempotency-Key and retries until the order is accepted: nothing is lost. */
async function placeWithRetries(
  customerId: string,
  sku: string,
  log: { acceptedWhileKafkaDown: number },
  kafkaDown: () => boolean,
) {
  const key = randomUUID();
  for (;;) {
    try {
      const response = await system.order.post<{ orderId: string }>(
        '/orders',
        { customerId, items: [{ sku, quantity: 1 }] },
        { 'idempotency-key': key },
      );
      if (response.status === 202) {
        if (kafkaDown()) log.acceptedWhileKafkaDown++;
        return response.body.orderId;
      }
      if (response.status < 500)
        throw new Error(`order refused: ${response.status} ${JSON.stringify(response.body)}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('order refused')) throw error;
    }
    await sleep(500);
  }
}

describe('Infrastructure goes away for a while', () => {
  it('Kafka, then Postgres, down for 30 s each during a stream of 300 orders: all end, once, nothing lost', {
    timeout: 900_000,
  }, async () => {
    const lamp = await shop.stockProduct({ available: 1000, priceCents: 100 });
    const customers = await shop.openAccounts(30, 100_000);
    let kafkaDown = false;
    const log = { acceptedWhileKafkaDown: 0 };
    const pids = system.pids();

    const stream = (async () => {
      const placed: Promise<string>[] = [];
      for (let i = 0; i < 300; i++) {
        placed.push(placeWithRetries(customers[i % customers.length]!, lamp.sku, log, () => kafkaDown));
        await sleep(250);
      }
      return Promise.all(placed);
    })();
    const outages = (async () => {
      await sleep(5_000);
      kafkaDown = true;
      await stopComponent('kafka');
      await sleep(30_000);
      await startComponent('kafka');
      kafkaDown = false;
      await sleep(10_000);
      await stopComponent('postgres');
      await sleep(30_000);
      await startComponent('postgres');
    })();
    const [orderIds] = await Promise.all([stream, outages]);
    // The services waited the outages out: none crashed and was restarted by the supervisor.
    expect(system.pids()).toEqual(pids);

    expect(log.acceptedWhileKafkaDown).toBeGreaterThan(0);
    expect(new Set(orderIds).size).toBe(300);
    const orders = await shop.allSettled(orderIds, 300_000);
    expect(orders.filter((order) => order.status === 'CONFIRMED')).toHaveLength(300);
    await consumersCaughtUp(sagaGroups);
    await expect
      .poll(() => shop.product(lamp.sku), { timeout: 60_000 })
      .toMatchObject({ available: 700, reserved: 0 });
    for (const order of orders) {
      expect(await shop.payments(order.orderId)).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
      await expect
        .poll(async () => (await shop.notifications(order.orderId)).length, { timeout: 60_000 })
        .toBe(1);
    }
  });
});
