import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { busiestBroker, startComponent, stopComponent, up } from '@saga/infra';
import { type ServiceName, type ServiceProcess, serviceNames, stopService } from '@saga/infra/services';
import { brokers, servicePorts } from '@saga/infra/settings';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually';
import { HttpClient } from './support/http-client';
import { consumersCaughtUp, kafka, sagaGroups } from './support/kafka';
import { type Order, Shop } from './support/shop';
import { useSystem } from './support/system';

// The log files hold earlier runs too: only what this run logged counts.
const storyStarted = Date.now();
// The project's global setup brings the three-broker instance up in the background; this waits for it.
beforeAll(() => up(), 600_000);
const system = useSystem();

const adminToken = process.env.ADMIN_TOKEN ?? 'dev-admin-token';
const secondPort = (name: ServiceName) => servicePorts[name] + 10;
const client = (port: number) => new HttpClient(`http://127.0.0.1:${port}`, adminToken);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * A client that keeps its Idempotency-Key and, when one order instance does not answer, asks the
 * other: placing an order survives losing either.
 */
async function placeOrder(clients: HttpClient[], first: number, customerId: string, sku: string) {
  const key = randomUUID();
  for (let attempt = first; ; attempt++) {
    const response = await clients[attempt % clients.length]!.post<{ orderId: string }>(
      '/orders',
      { customerId, items: [{ sku, quantity: 1 }] },
      { 'idempotency-key': key },
    ).catch(() => undefined);
    if (response?.status === 202) return response.body.orderId;
    if (response && response.status < 500) {
      throw new Error(`order refused: ${response.status} ${JSON.stringify(response.body)}`);
    }
    await sleep(200);
  }
}

/** When each of the orders settled, by the order service's own clock, in order. */
async function settlementTimes(orderIds: string[]): Promise<number[]> {
  const sql = postgres(`${process.env.TEST_POSTGRES_URL}/order`, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ settled: Date }[]>`
      select settled_at as settled from orders where order_id = any(${orderIds}::uuid[]) order by settled_at`;
    return rows.map((row) => row.settled.getTime());
  } finally {
    await sql.end();
  }
}

/** How long the saga stood still after `at`: until the first saga ended, and the longest quiet spell. */
function stallAfter(at: number, settled: number[], windowMs = 60_000) {
  const next = settled.find((time) => time > at);
  const inWindow = [at, ...settled.filter((time) => time > at && time < at + windowMs)];
  const longestGap = Math.max(...inWindow.slice(1).map((time, index) => time - inWindow[index]!));
  return { toNextSaga: next === undefined ? Number.NaN : next - at, longestGap };
}

/** Every order.confirmed and order.cancelled of the orders, counted by distinct event id. */
async function outcomesInKafka(orderIds: Set<string>) {
  const groupId = `e2e-outcomes-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  const events = new Map<string, Set<string>>();
  let records = 0;
  await consumer.connect();
  await consumer.subscribe({ topics: ['order.confirmed', 'order.cancelled'], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const orderId = message.key?.toString() ?? '';
      if (!orderIds.has(orderId)) return;
      records++;
      const ids = events.get(orderId) ?? new Set<string>();
      ids.add(String(message.headers?.['event-id']));
      events.set(orderId, ids);
    },
  });
  try {
    await eventually(async () => (events.size === orderIds.size ? true : undefined), 60_000, 'every outcome');
    // Late duplicates, if any, arrive within the same fetches; give them a moment.
    await sleep(2_000);
    return { events, records };
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/** The instance (by port) of each service that took the outbox relay's leadership last since `since`. */
function relayLeaders(since: number): Map<ServiceName, { port: number; at: number }> {
  return new Map(
    serviceNames.flatMap((name) => {
      const leads = system
        .logLines(name)
        .filter((line) => line.msg === 'outbox relay leads')
        .map((line) => ({ port: Number(line.port), at: Date.parse(String(line.time)) }))
        .filter((entry) => entry.at >= since);
      const last = leads.at(-1);
      return last ? [[name, last] as const] : [];
    }),
  );
}

describe('A broker of three dies under load, then one instance of every service', () => {
  it('300 orders: each ends once, stock and money add up, one notification each, the relays fail over', async () => {
    expect(brokers).toBe(3);
    const extra = new Map<ServiceName, ServiceProcess>();
    for (const name of serviceNames)
      extra.set(name, await system.startSecondInstance(name, secondPort(name)));
    const shop = new Shop(system);
    const plant = await shop.stockProduct({ available: 1000, priceCents: 100 });
    const rare = await shop.stockProduct({ available: 20, priceCents: 100 });
    const rich = await shop.openAccounts(20, 1_000_000);
    const broke = await shop.openAccounts(5, 50);
    const orderClients = [system.order, client(secondPort('order'))];

    // Both instances of every service run; each service's relay is led by one of them.
    await eventually(
      async () => {
        const leaders = relayLeaders(storyStarted);
        return leaders.size === serviceNames.length ? leaders : undefined;
      },
      30_000,
      'a relay leader per service',
    );

    const marks = { brokerKilled: 0, brokerBack: 0, instancesKilled: 0 };
    let victim = '';
    // Leadership may change hands while the broker is away (a relay whose publish fails starts over
    // with a fresh session), so each service's leader is read just before it dies.
    const killed = new Map<ServiceName, { port: number; ledSince: number; at: number }>();
    // One order in ten is for a product that sells out after 20 (OUT_OF_STOCK), one in ten from a
    // customer who cannot pay (PAYMENT_DECLINED), the rest confirm.
    const plan = Array.from({ length: 300 }, (_, i) =>
      i % 10 === 0
        ? { customer: rich[i % rich.length]!, sku: rare.sku }
        : i % 10 === 1
          ? { customer: broke[i % broke.length]!, sku: plant.sku }
          : { customer: rich[i % rich.length]!, sku: plant.sku },
    );
    const stream = (async () => {
      const placed: Promise<string>[] = [];
      for (const [i, { customer, sku }] of plan.entries()) {
        placed.push(placeOrder(orderClients, i, customer, sku));
        await sleep(250);
      }
      return Promise.all(placed);
    })();
    const failures = (async () => {
      await sleep(8_000);
      victim = await busiestBroker();
      marks.brokerKilled = Date.now();
      await stopComponent(victim, 'SIGKILL');
      await sleep(15_000);
      marks.instancesKilled = Date.now();
      for (const name of serviceNames) {
        const leader = relayLeaders(storyStarted).get(name)!;
        killed.set(name, { port: leader.port, ledSince: leader.at, at: Date.now() });
        if (leader.port === servicePorts[name]) await system.kill(name, 'SIGKILL');
        else await stopService(extra.get(name)!, 'SIGKILL');
      }
      await sleep(15_000);
      await startComponent(victim);
      marks.brokerBack = Date.now();
    })();
    const [orderIds] = await Promise.all([stream, failures]);
    expect(victim).toMatch(/^kafka-[123]$/);
    expect(new Set(orderIds).size).toBe(300);

    // From here on, only the surviving instances answer.
    const survivorPort = (name: ServiceName) =>
      killed.get(name)!.port === servicePorts[name] ? secondPort(name) : servicePorts[name];
    const survivors = new Shop({
      order: client(survivorPort('order')),
      inventory: client(survivorPort('inventory')),
      payment: client(survivorPort('payment')),
      notification: client(survivorPort('notification')),
    });

    // Each relay's leadership moved to the instance that survived: the latest to take it did so
    // after the killed one had it (in a rare race, just before the kill, the broker loss having
    // made the killed one's relay start over).
    const leadersAfter = await eventually(
      async () => {
        const leaders = relayLeaders(storyStarted);
        const moved = serviceNames.every((name) => (leaders.get(name)?.at ?? 0) > killed.get(name)!.ledSince);
        return moved ? leaders : undefined;
      },
      30_000,
      'every relay to lead again',
    );
    for (const name of serviceNames) expect(leadersAfter.get(name)?.port).toBe(survivorPort(name));

    const orders = await survivors.allSettled(orderIds, 300_000);
    const byId = new Map(orders.map((order) => [order.orderId, order]));
    const outcome = (order: Order) => order.cancellationReason ?? order.status;
    const count = (what: string) => orders.filter((order) => outcome(order) === what).length;
    expect({
      confirmed: count('CONFIRMED'),
      outOfStock: count('OUT_OF_STOCK'),
      declined: count('PAYMENT_DECLINED'),
    }).toEqual({ confirmed: 260, outOfStock: 10, declined: 30 });
    await consumersCaughtUp(sagaGroups);

    // Every order ended once: one outcome event each, whatever Kafka redelivered.
    const { events, records } = await outcomesInKafka(new Set(orderIds));
    expect([...events.values()].filter((ids) => ids.size !== 1)).toEqual([]);

    // Stock: what was confirmed left the shelf, nothing else did, nothing stays reserved.
    const confirmedOf = (sku: string) =>
      orders.filter((order) => order.status === 'CONFIRMED' && order.items[0]!.sku === sku).length;
    await expect
      .poll(() => survivors.product(plant.sku), { timeout: 60_000 })
      .toMatchObject({ available: 1000 - confirmedOf(plant.sku), reserved: 0 });
    await expect
      .poll(() => survivors.product(rare.sku), { timeout: 60_000 })
      .toMatchObject({ available: 0, reserved: 0 });

    // Money: each customer paid exactly for what was confirmed, charged at most once per order.
    for (const customer of [...rich, ...broke]) {
      const spent = orders
        .filter((order) => order.customerId === customer && order.status === 'CONFIRMED')
        .reduce((sum, order) => sum + (order.totalCents ?? 0), 0);
      const opening = broke.includes(customer) ? 50 : 1_000_000;
      expect(await survivors.balance(customer)).toBe(opening - spent);
    }
    for (const orderId of orderIds) {
      const order = byId.get(orderId)!;
      const expected =
        order.status === 'CONFIRMED'
          ? [expect.objectContaining({ status: 'COMPLETED', amountCents: order.totalCents })]
          : order.cancellationReason === 'PAYMENT_DECLINED'
            ? [expect.objectContaining({ status: 'DECLINED' })]
            : [];
      expect(await survivors.payments(orderId)).toEqual(expected);
      // One notification per outcome, of that outcome.
      await expect
        .poll(() => survivors.notifications(orderId), { timeout: 60_000 })
        .toEqual([
          expect.objectContaining({
            kind: order.status === 'CONFIRMED' ? 'ORDER_CONFIRMED' : 'ORDER_CANCELLED',
          }),
        ]);
    }

    const settled = await settlementTimes(orderIds);
    const brokerStall = stallAfter(marks.brokerKilled, settled);
    const instanceStall = stallAfter(marks.instancesKilled, settled);
    const failover = serviceNames
      .map((name) => `${name} ${seconds(leadersAfter.get(name)!.at - killed.get(name)!.at)}`)
      .join(', ');
    console.log(
      [
        `broker loss: SIGKILL of ${victim} (led the most partitions) at +${seconds(marks.brokerKilled - settled[0]!)}`,
        `  first saga ended ${seconds(brokerStall.toNextSaga)} after the kill; longest pause within 60 s: ${seconds(brokerStall.longestGap)}`,
        `  instance loss (the relay leader of every service): first saga ended ${seconds(instanceStall.toNextSaga)} after; longest pause: ${seconds(instanceStall.longestGap)}`,
        `  relay leadership taken over after: ${failover}`,
        `  ${victim} back ${seconds(marks.brokerBack - marks.brokerKilled)} after its kill; outcome records in Kafka ${records} for ${events.size} orders`,
      ].join('\n'),
    );
  });
});
