import { describe, expect, it } from 'vitest';
import { story } from './support/shop';

const { system, shop } = story();

/** What the customer heard, in the order the notification service recorded it. */
const heard = (told: { kind: string; delivery: string }[]) =>
  told.map(({ kind, delivery }) => (delivery === 'SENT' ? kind : `${kind} (recorded, not sent)`));

// The two stories the order's own history allows: confirmed then cancelled.
const confirmedThenCancelled = ['ORDER_CONFIRMED', 'ORDER_CANCELLED'];
// The confirmation reached the notification service after the cancellation had been sent.
const cancelledConfirmationLate = ['ORDER_CANCELLED', 'ORDER_CONFIRMED (recorded, not sent)'];

describe('Customers hear about their orders in the order things happened', () => {
  it('50 customers cancel as soon as their orders are confirmed: none is told "confirmed" after "cancelled"', async ({
    annotate,
  }) => {
    // Fifty customers each bought one scarf at 10.00 out of their 100.00.
    const scarf = await shop.stockProduct({ available: 50, priceCents: 1000 });
    const customers = await shop.openAccounts(50, 10_000);
    const orderIds = await Promise.all(
      customers.map((customer) => shop.placeOrder(customer, [{ sku: scarf.sku, quantity: 1 }])),
    );

    // Each cancels the moment the order is confirmed, while its order.confirmed is still travelling.
    const cancellations = await Promise.all(
      orderIds.map(async (orderId) => {
        expect(await shop.settled(orderId, 60_000)).toMatchObject({ status: 'CONFIRMED' });
        return system.order.post(`/orders/${orderId}/cancel`);
      }),
    );
    for (const cancel of cancellations) expect(cancel.body).toMatchObject({ status: 'CANCELLED' });

    // Both outcomes are recorded for every order; only what was sent reached the customer.
    const toldPerOrder = await Promise.all(
      orderIds.map(async (orderId) => heard(await shop.notified(orderId, 2))),
    );
    for (const told of toldPerOrder)
      expect([confirmedThenCancelled, cancelledConfirmationLate]).toContainEqual(told);

    const late = toldPerOrder.filter((told) => told[0] === 'ORDER_CANCELLED').length;
    await annotate(`${late} of 50 confirmations arrived after the cancellation and were not sent`);
  });
});
