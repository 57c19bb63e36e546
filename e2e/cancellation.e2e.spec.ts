import { describe, expect, it } from 'vitest';
import {
  balance,
  getOrder,
  notified,
  openAccount,
  payments,
  placeOrder,
  product,
  settled,
  stockProduct,
} from './support/shop';
import { useSystem } from './support/system';

const system = useSystem();

describe('A customer changes their mind', () => {
  it('cancels a confirmed order: the stock is restored and the payment refunded', async () => {
    const lamp = await stockProduct(system, { available: 6, priceCents: 2500 });
    const erin = await openAccount(system, 50_000);
    const orderId = await placeOrder(system, erin, [{ sku: lamp.sku, quantity: 2 }]);
    expect(await settled(system, orderId)).toMatchObject({ status: 'CONFIRMED' });

    const cancel = await system.order.post(`/orders/${orderId}/cancel`);

    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'CANCELLED', cancellationReason: 'CUSTOMER_CANCELLED' });
    await expect
      .poll(() => product(system, lamp.sku), { timeout: 20_000 })
      .toMatchObject({ available: 6, reserved: 0 });
    await expect.poll(() => balance(system, erin), { timeout: 20_000 }).toBe(50_000);
    expect(await payments(system, orderId)).toEqual([
      expect.objectContaining({ status: 'REFUNDED', amountCents: 5000 }),
    ]);
    const told = await notified(system, orderId, 2);
    expect(told.map((n) => n.kind).sort()).toEqual(['ORDER_CANCELLED', 'ORDER_CONFIRMED']);
  });

  it('cannot cancel an order twice', async () => {
    const pen = await stockProduct(system, { available: 3 });
    const frank = await openAccount(system, 50_000);
    const orderId = await placeOrder(system, frank, [{ sku: pen.sku, quantity: 1 }]);
    expect((await system.order.post(`/orders/${orderId}/cancel`)).status).toBe(200);

    const again = await system.order.post(`/orders/${orderId}/cancel`);

    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toMatchObject({ code: 'ORDER_ALREADY_CANCELLED' });
  });

  it('cancels right after placing: whatever raced, everything ends consistent', async () => {
    const cup = await stockProduct(system, { available: 20, priceCents: 300 });
    const grace = await openAccount(system, 50_000);
    const orderIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const orderId = await placeOrder(system, grace, [{ sku: cup.sku, quantity: 2 }]);
      expect((await system.order.post(`/orders/${orderId}/cancel`)).status).toBe(200);
      orderIds.push(orderId);
    }

    for (const orderId of orderIds) {
      expect(await getOrder(system, orderId)).toMatchObject({
        status: 'CANCELLED',
        cancellationReason: 'CUSTOMER_CANCELLED',
      });
      await notified(system, orderId);
    }
    // Whether or not inventory and payment saw the order before its cancellation, nothing stays taken.
    await expect
      .poll(() => product(system, cup.sku), { timeout: 30_000 })
      .toMatchObject({ available: 20, reserved: 0 });
    await expect.poll(() => balance(system, grace), { timeout: 30_000 }).toBe(50_000);
  });
});
