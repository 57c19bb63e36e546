import { serviceNames } from '@saga/infra/services';
import { servicePorts, urls } from '@saga/infra/settings';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { story } from './support/shop';

const { system, shop } = story();

describe('An operator runs the services', () => {
  it('sees every service reach its database through the local Unix-domain socket, not TCP', async () => {
    const server = postgres(`${urls.postgres}/postgres`, { max: 1, onnotice: () => {} });
    try {
      // A socket connection has no client address.
      const rows = await server<{ service: string; tcp: boolean }[]>`
        select application_name as service, client_addr is not null as tcp
        from pg_stat_activity where application_name in ${server(serviceNames)}`;
      expect(new Set(rows.map((row) => row.service))).toEqual(new Set(serviceNames));
      expect(rows.filter((row) => row.tcp)).toEqual([]);
    } finally {
      await server.end();
    }
  });

  it('scales inventory and payment to two instances each: every saga still ends once', {
    timeout: 240_000,
  }, async () => {
    await system.startSecondInstance('inventory', servicePorts.inventory + 10);
    await system.startSecondInstance('payment', servicePorts.payment + 10);
    const plant = await shop.stockProduct({ available: 40, priceCents: 250 });
    const customers = await shop.openAccounts(10, 10_000);

    const orderIds = await Promise.all(
      customers.flatMap((customer) =>
        [1, 2, 3, 4, 5].map(() => shop.placeOrder(customer, [{ sku: plant.sku, quantity: 1 }])),
      ),
    );
    const orders = await shop.allSettled(orderIds, 60_000);

    // 50 orders for a stock of 40, every customer able to pay: exactly 40 confirmed, each charged once.
    const confirmed = orders.filter((order) => order.status === 'CONFIRMED');
    expect(confirmed).toHaveLength(40);
    await expect
      .poll(() => shop.product(plant.sku), { timeout: 30_000 })
      .toMatchObject({ available: 0, reserved: 0 });
    for (const customer of customers) {
      const bought = confirmed.filter((order) => order.customerId === customer).length;
      expect(await shop.balance(customer)).toBe(10_000 - 250 * bought);
    }
    for (const order of orders) {
      expect((await shop.payments(order.orderId)).length).toBeLessThanOrEqual(1);
      await expect
        .poll(async () => (await shop.notifications(order.orderId)).length, { timeout: 30_000 })
        .toBe(1);
    }
  });

  it('stops every service with SIGTERM within 10 s, losing nothing in flight', {
    timeout: 240_000,
  }, async () => {
    const seed = await shop.stockProduct({ available: 100, priceCents: 100 });
    const customer = await shop.openAccount(100_000);
    const orderIds = await Promise.all(
      Array.from({ length: 30 }, () => shop.placeOrder(customer, [{ sku: seed.sku, quantity: 1 }])),
    );

    for (const name of ['order', 'inventory', 'payment', 'notification'] as const) {
      const { code, ms } = await system.terminate(name);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(10_000);
      await system.relaunch(name);
    }

    const orders = await shop.allSettled(orderIds, 60_000);
    expect(orders.every((order) => order.status === 'CONFIRMED')).toBe(true);
    await expect
      .poll(() => shop.product(seed.sku), { timeout: 30_000 })
      .toMatchObject({ available: 70, reserved: 0 });
    expect(await shop.balance(customer)).toBe(100_000 - 3000);
  });
});
