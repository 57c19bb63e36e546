import { describe, expect, it } from 'vitest';
import {
  balance,
  notified,
  openAccount,
  payments,
  placeOrder,
  product,
  settled,
  stockProduct,
} from './support/shop';
import { useSystem } from './support/system';

const system = useSystem({ order: { SAGA_DEADLINE_SECONDS: '4' } });

describe('A saga runs out of time', () => {
  it('ends TIMED_OUT with the stock restored while payment is down, and a late payment is refunded', {
    timeout: 120_000,
  }, async () => {
    const clock = await stockProduct(system, { available: 5, priceCents: 3000 });
    const ola = await openAccount(system, 10_000);
    await system.kill('payment', 'SIGTERM');

    const orderId = await placeOrder(system, ola, [{ sku: clock.sku, quantity: 2 }]);
    const order = await settled(system, orderId, 30_000);

    expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'TIMED_OUT' });
    expect(await notified(system, orderId)).toEqual([
      expect.objectContaining({ kind: 'ORDER_CANCELLED', reason: 'TIMED_OUT' }),
    ]);
    await expect
      .poll(() => product(system, clock.sku), { timeout: 20_000 })
      .toMatchObject({ available: 5, reserved: 0 });

    // Payment comes back and works through its backlog: whatever it charged for the order is refunded.
    await system.relaunch('payment');
    await expect.poll(() => balance(system, ola), { timeout: 30_000 }).toBe(10_000);
    const charges = await payments(system, orderId);
    expect(charges.every((charge) => charge.status === 'REFUNDED')).toBe(true);
    expect((await system.order.get(`/orders/${orderId}`)).body).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'TIMED_OUT',
    });
  });
});
