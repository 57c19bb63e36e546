import { describe, expect, it } from 'vitest';
import { story } from './support/shop';

const { shop } = story();

describe('A customer checks out', () => {
  it('gets a confirmed order, is charged the priced total, and is told once', async () => {
    const mug = await shop.stockProduct({ available: 10, priceCents: 799 });
    const alice = await shop.openAccount(10_000);

    const orderId = await shop.placeOrder(alice, [{ sku: mug.sku, quantity: 3 }]);
    const order = await shop.settled(orderId);

    expect(order).toMatchObject({ status: 'CONFIRMED', totalCents: 2397, cancellationReason: null });
    expect(await shop.balance(alice)).toBe(10_000 - 2397);
    // The reservation is committed when inventory hears order.confirmed, just after.
    await expect
      .poll(() => shop.product(mug.sku), { timeout: 20_000 })
      .toMatchObject({ available: 7, reserved: 0 });
    expect(await shop.payments(orderId)).toEqual([
      expect.objectContaining({ status: 'COMPLETED', amountCents: 2397 }),
    ]);
    expect(await shop.notified(orderId)).toEqual([
      expect.objectContaining({ kind: 'ORDER_CONFIRMED', reason: null }),
    ]);
  });

  it('has the order cancelled OUT_OF_STOCK when there is not enough, and nothing is taken', async () => {
    const print = await shop.stockProduct({ available: 2 });
    const bob = await shop.openAccount(10_000);

    const orderId = await shop.placeOrder(bob, [{ sku: print.sku, quantity: 3 }]);

    await shop.cancelledFor(orderId, 'OUT_OF_STOCK');
    expect(await shop.product(print.sku)).toMatchObject({ available: 2, reserved: 0 });
    expect(await shop.balance(bob)).toBe(10_000);
    expect(await shop.payments(orderId)).toEqual([]);
  });

  it('has the order cancelled UNKNOWN_SKU when a product does not exist, even next to one that does', async () => {
    const tea = await shop.stockProduct({ available: 5 });
    const carol = await shop.openAccount(10_000);

    const orderId = await shop.placeOrder(carol, [
      { sku: tea.sku, quantity: 1 },
      { sku: 'NO-SUCH-SKU', quantity: 1 },
    ]);

    expect(await shop.settled(orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'UNKNOWN_SKU',
    });
    expect(await shop.product(tea.sku)).toMatchObject({ available: 5, reserved: 0 });
    expect(await shop.notified(orderId)).toHaveLength(1);
  });

  it('has the order cancelled PAYMENT_DECLINED when the balance is short, and the stock comes back', async () => {
    const laptop = await shop.stockProduct({ available: 4, priceCents: 150_000 });
    const dave = await shop.openAccount(100_000);

    const orderId = await shop.placeOrder(dave, [{ sku: laptop.sku, quantity: 1 }]);

    await shop.cancelledFor(orderId, 'PAYMENT_DECLINED');
    // The release travels after the cancellation: wait for the stock to come back.
    await expect
      .poll(() => shop.product(laptop.sku), { timeout: 20_000 })
      .toMatchObject({ available: 4, reserved: 0 });
    expect(await shop.balance(dave)).toBe(100_000);
    expect(await shop.payments(orderId)).toEqual([expect.objectContaining({ status: 'DECLINED' })]);
    expect(await shop.notifications(orderId)).toHaveLength(1);
  });
});
