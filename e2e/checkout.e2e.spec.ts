import { describe, expect, it } from 'vitest';
import {
  balance,
  notifications,
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

describe('A customer checks out', () => {
  it('gets a confirmed order, is charged the priced total, and is told once', async () => {
    const mug = await stockProduct(system, { available: 10, priceCents: 799 });
    const alice = await openAccount(system, 10_000);

    const orderId = await placeOrder(system, alice, [{ sku: mug.sku, quantity: 3 }]);
    const order = await settled(system, orderId);

    expect(order).toMatchObject({ status: 'CONFIRMED', totalCents: 2397, cancellationReason: null });
    expect(await balance(system, alice)).toBe(10_000 - 2397);
    // The reservation is committed when inventory hears order.confirmed, just after.
    await expect
      .poll(() => product(system, mug.sku), { timeout: 20_000 })
      .toMatchObject({ available: 7, reserved: 0 });
    expect(await payments(system, orderId)).toEqual([
      expect.objectContaining({ status: 'COMPLETED', amountCents: 2397 }),
    ]);
    expect(await notified(system, orderId)).toEqual([
      expect.objectContaining({ kind: 'ORDER_CONFIRMED', reason: null }),
    ]);
  });

  it('has the order cancelled OUT_OF_STOCK when there is not enough, and nothing is taken', async () => {
    const print = await stockProduct(system, { available: 2 });
    const bob = await openAccount(system, 10_000);

    const orderId = await placeOrder(system, bob, [{ sku: print.sku, quantity: 3 }]);

    expect(await settled(system, orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'OUT_OF_STOCK',
    });
    expect(await notified(system, orderId)).toEqual([
      expect.objectContaining({ kind: 'ORDER_CANCELLED', reason: 'OUT_OF_STOCK' }),
    ]);
    expect(await product(system, print.sku)).toMatchObject({ available: 2, reserved: 0 });
    expect(await balance(system, bob)).toBe(10_000);
    expect(await payments(system, orderId)).toEqual([]);
  });

  it('has the order cancelled UNKNOWN_SKU when a product does not exist, even next to one that does', async () => {
    const tea = await stockProduct(system, { available: 5 });
    const carol = await openAccount(system, 10_000);

    const orderId = await placeOrder(system, carol, [
      { sku: tea.sku, quantity: 1 },
      { sku: 'NO-SUCH-SKU', quantity: 1 },
    ]);

    expect(await settled(system, orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'UNKNOWN_SKU',
    });
    expect(await product(system, tea.sku)).toMatchObject({ available: 5, reserved: 0 });
    expect(await notified(system, orderId)).toHaveLength(1);
  });

  it('has the order cancelled PAYMENT_DECLINED when the balance is short, and the stock comes back', async () => {
    const laptop = await stockProduct(system, { available: 4, priceCents: 150_000 });
    const dave = await openAccount(system, 100_000);

    const orderId = await placeOrder(system, dave, [{ sku: laptop.sku, quantity: 1 }]);

    expect(await settled(system, orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'PAYMENT_DECLINED',
    });
    expect(await notified(system, orderId)).toEqual([
      expect.objectContaining({ kind: 'ORDER_CANCELLED', reason: 'PAYMENT_DECLINED' }),
    ]);
    // The release travels after the cancellation: wait for the stock to come back.
    await expect
      .poll(() => product(system, laptop.sku), { timeout: 20_000 })
      .toMatchObject({ available: 4, reserved: 0 });
    expect(await balance(system, dave)).toBe(100_000);
    expect(await payments(system, orderId)).toEqual([expect.objectContaining({ status: 'DECLINED' })]);
    expect(await notifications(system, orderId)).toHaveLength(1);
  });
});
