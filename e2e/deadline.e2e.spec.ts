import { describe, expect, it } from 'vitest';
import { consumersCaughtUp } from './support/kafka';
import { story } from './support/shop';

const { system, shop } = story({ order: { SAGA_DEADLINE_SECONDS: '4' } });

describe('A saga runs out of time', () => {
  it('ends TIMED_OUT with the stock restored while payment is down, and a late payment is refunded', {
    timeout: 120_000,
  }, async () => {
    const clock = await shop.stockProduct({ available: 5, priceCents: 3000 });
    const ola = await shop.openAccount(10_000);
    await system.kill('payment', 'SIGTERM');

    const orderId = await shop.placeOrder(ola, [{ sku: clock.sku, quantity: 2 }]);
    await shop.cancelledFor(orderId, 'TIMED_OUT', 30_000);
    await expect
      .poll(() => shop.product(clock.sku), { timeout: 20_000 })
      .toMatchObject({ available: 5, reserved: 0 });

    // Payment comes back and works through its backlog: whatever it charged for the order is refunded.
    await system.relaunch('payment');
    // The opening balance is also what the account shows before the backlog is read: wait until
    // payment has handled (and committed) both the reservation and the cancellation.
    await consumersCaughtUp(['payment-service']);
    await expect.poll(() => shop.balance(ola), { timeout: 30_000 }).toBe(10_000);
    const charges = await shop.payments(orderId);
    expect(charges.every((charge) => charge.status === 'REFUNDED')).toBe(true);
    expect((await system.order.get(`/orders/${orderId}`)).body).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'TIMED_OUT',
    });
  });
});
