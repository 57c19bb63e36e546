import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { story } from './support/shop';

const { system, shop } = story();

describe('Services crash mid-saga', () => {
  it('kill -9 of each service in turn, with 200 orders in flight: all end, nothing twice', {
    timeout: 420_000,
  }, async () => {
    const widget = await shop.stockProduct({ available: 150, priceCents: 100 });
    // 30 customers can pay for all 5 of their orders, 10 only for 3: some payments get declined.
    const [rich, poor] = await Promise.all([shop.openAccounts(30, 500), shop.openAccounts(10, 300)]);
    const customers = [...rich, ...poor];
    const placed = customers.flatMap((customer) => Array.from({ length: 5 }, () => customer));

    const orderIds = await Promise.all(
      placed.map((customer) => shop.placeOrder(customer, [{ sku: widget.sku, quantity: 1 }])),
    );
    for (const name of ['inventory', 'payment', 'notification', 'order'] as const) {
      await system.restart(name, 'SIGKILL');
      await sleep(500);
    }

    const orders = await shop.allSettled(orderIds, 120_000);
    const confirmed = orders.filter((order) => order.status === 'CONFIRMED');
    expect(orders.every((order) => order.status !== 'PENDING')).toBe(true);
    expect(confirmed.length).toBeLessThanOrEqual(150);

    // Stock: what was confirmed left, nothing stays reserved, nothing vanished.
    await expect
      .poll(() => shop.product(widget.sku), { timeout: 60_000 })
      .toMatchObject({
        available: 150 - confirmed.length,
        reserved: 0,
      });
    // Money: each customer paid exactly for their confirmed orders, once.
    for (const customer of customers) {
      const paid = confirmed.filter((order) => order.customerId === customer).length * 100;
      const opening = rich.includes(customer) ? 500 : 300;
      await expect.poll(() => shop.balance(customer), { timeout: 30_000 }).toBe(opening - paid);
    }
    // One payment record at most per order, one notification exactly per outcome.
    for (const order of orders) {
      const charges = await shop.payments(order.orderId);
      expect(charges.length).toBeLessThanOrEqual(1);
      if (order.status === 'CONFIRMED')
        expect(charges).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
      await expect
        .poll(async () => (await shop.notifications(order.orderId)).map((n) => n.kind), {
          timeout: 30_000,
        })
        .toEqual([order.status === 'CONFIRMED' ? 'ORDER_CONFIRMED' : 'ORDER_CANCELLED']);
    }
  });
});
