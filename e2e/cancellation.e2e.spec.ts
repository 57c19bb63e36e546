import { describe, expect, it } from 'vitest';
import { story } from './support/shop';

const { system, shop } = story();

describe('A customer changes their mind', () => {
  it('cancels a confirmed order: the stock is restored and the payment refunded', async () => {
    // Erin bought two lamps at 25.00 out of her 500.00, and the order was confirmed.
    const given = await shop.confirmedOrder({ available: 6, priceCents: 2500, balance: 50_000, quantity: 2 });
    const { sku: lamp, customerId: erin, orderId } = given;

    const cancel = await system.order.post(`/orders/${orderId}/cancel`);

    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'CANCELLED', cancellationReason: 'CUSTOMER_CANCELLED' });
    await expect
      .poll(() => shop.product(lamp), { timeout: 20_000 })
      .toMatchObject({ available: 6, reserved: 0 });
    await expect.poll(() => shop.balance(erin), { timeout: 20_000 }).toBe(50_000);
    expect(await shop.payments(orderId)).toEqual([
      expect.objectContaining({ status: 'REFUNDED', amountCents: 5000 }),
    ]);
    const told = await shop.notified(orderId, 2);
    expect(told.map((n) => n.kind).sort()).toEqual(['ORDER_CANCELLED', 'ORDER_CONFIRMED']);
  });

  it('cannot cancel an order twice', async () => {
    const pen = await shop.stockProduct({ available: 3 });
    const frank = await shop.openAccount(50_000);
    const orderId = await shop.placeOrder(frank, [{ sku: pen.sku, quantity: 1 }]);
    expect((await system.order.post(`/orders/${orderId}/cancel`)).status).toBe(200);

    const again = await system.order.post(`/orders/${orderId}/cancel`);

    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toMatchObject({ code: 'ORDER_ALREADY_CANCELLED' });
  });

  it('cancels right after placing: whatever raced, everything ends consistent', async () => {
    const cup = await shop.stockProduct({ available: 20, priceCents: 300 });
    const grace = await shop.openAccount(50_000);
    const orderIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const orderId = await shop.placeOrder(grace, [{ sku: cup.sku, quantity: 2 }]);
      expect((await system.order.post(`/orders/${orderId}/cancel`)).status).toBe(200);
      orderIds.push(orderId);
    }

    for (const orderId of orderIds) {
      expect(await shop.getOrder(orderId)).toMatchObject({
        status: 'CANCELLED',
        cancellationReason: 'CUSTOMER_CANCELLED',
      });
      await shop.notified(orderId);
    }
    // Whether or not inventory and payment saw the order before its cancellation, nothing stays taken.
    await expect
      .poll(() => shop.product(cup.sku), { timeout: 30_000 })
      .toMatchObject({ available: 20, reserved: 0 });
    await expect.poll(() => shop.balance(grace), { timeout: 30_000 }).toBe(50_000);
  });
});
