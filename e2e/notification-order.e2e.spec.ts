import { describe, expect, it } from 'vitest';
import { story } from './support/shop';

const { system, shop } = story();

/** What the customer heard, in the order the notification service recorded it. */
const heard = (told: { kind: string; delivery: string }[]) =>
  told.map(({ kind, delivery }) => (delivery === 'SENT' ? kind : `${kind} (recorded, not sent)`));

// The two stories the order's own history allows: confirmed then cancelled, or the confirmation
// reached the notification service after the cancellation had been sent and was kept back.
const confirmedThenCancelled = ['ORDER_CONFIRMED', 'ORDER_CANCELLED'];
const confirmationCameLate = ['ORDER_CANCELLED', 'ORDER_CONFIRMED (recorded, not sent)'];

/** Fifty customers each buy one scarf at 10.00 out of their 100.00 and cancel the moment it is confirmed. */
async function fiftyCustomersCancelOnceConfirmed(): Promise<string[]> {
  const scarf = await shop.stockProduct({ available: 50, priceCents: 1000 });
  const customers = await shop.openAccounts(50, 10_000);
  const orderIds = await Promise.all(
    customers.map((customer) => shop.placeOrder(customer, [{ sku: scarf.sku, quantity: 1 }])),
  );
  const cancellations = await Promise.all(
    orderIds.map(async (orderId) => {
      expect(await shop.settled(orderId, 60_000)).toMatchObject({ status: 'CONFIRMED' });
      return system.order.post(`/orders/${orderId}/cancel`);
    }),
  );
  for (const cancel of cancellations) expect(cancel.body).toMatchObject({ status: 'CANCELLED' });
  return orderIds;
}

/** Both outcomes end up recorded for every order; only what was sent reached the customer. */
async function expectHistoryOrder(orderIds: string[]): Promise<number> {
  const toldPerOrder = await Promise.all(
    orderIds.map(async (orderId) => heard(await shop.notified(orderId, 2))),
  );
  for (const told of toldPerOrder)
    expect([confirmedThenCancelled, confirmationCameLate]).toContainEqual(told);
  return toldPerOrder.filter((told) => told[0] === 'ORDER_CANCELLED').length;
}

describe('Customers hear about their orders in the order things happened', () => {
  it('50 customers cancel as soon as their orders are confirmed: none is told "confirmed" after "cancelled"', async ({
    annotate,
  }) => {
    const orderIds = await fiftyCustomersCancelOnceConfirmed();

    const late = await expectHistoryOrder(orderIds);
    await annotate(`${late} of 50 confirmations arrived after the cancellation and were not sent`);
  });

  it('the notification service catches up on both outcomes at once after an outage: still none is told "confirmed" after "cancelled"', async ({
    annotate,
  }) => {
    // order.confirmed and order.cancelled wait on two topics; on its return the service reads both.
    await system.kill('notification', 'SIGTERM');
    const orderIds = await fiftyCustomersCancelOnceConfirmed();
    await system.relaunch('notification');

    const late = await expectHistoryOrder(orderIds);
    await annotate(`${late} of 50 confirmations arrived after the cancellation and were not sent`);
  });
});
