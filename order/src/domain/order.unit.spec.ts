import type { DecideContext } from '@saga/saga-runtime/decider';
import { deciderSpecification } from '@saga/saga-runtime/testing/decider';
import { describe, expect, it } from 'vitest';
import { type Order, type OrderCommand, orderDecider } from './order';

const now = new Date('2026-01-02T03:04:05.000Z');
const afterDeadline = new Date('2026-01-02T03:09:06.000Z');
let ids = 0;
const context: DecideContext = {
  now,
  newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
};
const given = deciderSpecification(orderDecider, context).given;

const orderId = '11111111-1111-4111-8111-111111111111';
const place: OrderCommand = {
  type: 'PlaceOrder',
  orderId,
  customerId: 'alice',
  items: [{ sku: 'SKU-1', quantity: 2 }],
  currency: 'USD',
  deadlineSeconds: 300,
};

const placed = (): Order => orderDecider.decide(null, place, context).state;
const withStatus = (status: Order['status']): Order => ({ ...placed(), status });

describe('order decisions', () => {
  it('given no order, when it is placed, then it is PENDING and order.created is published', () => {
    given(null)
      .when({ ...place, orderId: 'o-1', items: [{ sku: 'A', quantity: 1 }] })
      .thenExpect(({ state, events }) => {
        expect(state).toMatchObject({
          status: 'PENDING',
          totalCents: null,
          cancellationReason: null,
          createdAt: now,
          settledAt: null,
        });
        expect(events).toEqual([
          {
            topic: 'order.created',
            event: expect.objectContaining({
              orderId: 'o-1',
              customerId: 'alice',
              items: [{ sku: 'A', quantity: 1 }],
            }),
          },
        ]);
      });
  });

  it('given no order, when it is placed, then its deadline is the configured seconds after now', () => {
    given(null)
      .when({ ...place, deadlineSeconds: 301 })
      .thenExpect(({ state }) => expect(state.deadlineAt).toEqual(afterDeadline));
  });

  it('given a PENDING order, when the payment completes, then it is CONFIRMED with the charged total', () => {
    given(placed())
      .when({ type: 'PaymentCompleted', orderId, amountCents: 1998 })
      .thenExpect(({ state, events }) => {
        expect(state).toMatchObject({ status: 'CONFIRMED', totalCents: 1998 });
        expect(events.map((e) => e.topic)).toEqual(['order.confirmed']);
        expect(events[0]?.event).toMatchObject({
          totalCents: 1998,
          currency: 'USD',
          occurredAt: now.getTime(),
        });
      });
  });

  it('given a PENDING order, when the payment completes, then the saga is settled at that time', () => {
    given(placed())
      .when({ type: 'PaymentCompleted', orderId, amountCents: 1998 }, { now: afterDeadline })
      .thenExpect(({ state }) => expect(state.settledAt).toEqual(afterDeadline));
  });

  it.each<[string, OrderCommand]>([
    ['inventory rejects it', { type: 'InventoryRejected', orderId, reason: 'UNKNOWN_SKU', detail: 'X?' }],
    ['the payment is declined', { type: 'PaymentDeclined', orderId, amountCents: 500, detail: 'low' }],
    ['its deadline passes', { type: 'DeadlinePassed', orderId }],
    ['the customer cancels', { type: 'CancelByCustomer', orderId }],
  ])('given a PENDING order, when %s, then the saga is settled at that time', (_, command) => {
    given(placed())
      .when(command, { now: afterDeadline })
      .thenExpect(({ state }) => {
        expect(state.status).toBe('CANCELLED');
        expect(state.settledAt).toEqual(afterDeadline);
      });
  });

  it('given a CONFIRMED order, when the customer cancels later, then it stays settled when it was confirmed', () => {
    given(placed(), { type: 'PaymentCompleted', orderId, amountCents: 1998 })
      .when({ type: 'CancelByCustomer', orderId }, { now: afterDeadline })
      .thenExpect(({ state }) => {
        expect(state).toMatchObject({ status: 'CANCELLED', cancellationReason: 'CUSTOMER_CANCELLED' });
        expect(state.settledAt).toEqual(now);
      });
  });

  it('given a PENDING order, when inventory rejects it, then it is CANCELLED with that reason', () => {
    given(placed())
      .when({ type: 'InventoryRejected', orderId, reason: 'OUT_OF_STOCK', detail: 'A: 0 left' })
      .thenExpect(({ state, events }) => {
        expect(state).toMatchObject({ status: 'CANCELLED', cancellationReason: 'OUT_OF_STOCK' });
        expect(events[0]).toMatchObject({
          topic: 'order.cancelled',
          event: { reason: 'OUT_OF_STOCK', detail: 'A: 0 left' },
        });
      });
  });

  it('given a PENDING order, when the payment is declined, then it is CANCELLED PAYMENT_DECLINED', () => {
    given(placed())
      .when({ type: 'PaymentDeclined', orderId, amountCents: 500, detail: 'low' })
      .thenExpect(({ state, events }) => {
        expect(state).toMatchObject({
          status: 'CANCELLED',
          cancellationReason: 'PAYMENT_DECLINED',
          totalCents: 500,
        });
        expect(events.map((e) => e.topic)).toEqual(['order.cancelled']);
      });
  });

  it('given a CONFIRMED order, when the customer cancels, then it is CANCELLED CUSTOMER_CANCELLED', () => {
    given(withStatus('CONFIRMED'))
      .when({ type: 'CancelByCustomer', orderId })
      .thenExpect(({ state, events }) => {
        expect(state).toMatchObject({ status: 'CANCELLED', cancellationReason: 'CUSTOMER_CANCELLED' });
        expect(events[0]).toMatchObject({
          topic: 'order.cancelled',
          event: { reason: 'CUSTOMER_CANCELLED' },
        });
      });
  });

  it('given a CANCELLED order, when the customer cancels again, then it is refused as a conflict', () => {
    given(withStatus('CANCELLED'))
      .when({ type: 'CancelByCustomer', orderId })
      .thenThrows(expect.objectContaining({ code: 'ORDER_ALREADY_CANCELLED', status: 409 }));
  });

  it('given a CANCELLED order, when a late payment completes, then nothing changes (payment refunds it)', () => {
    const cancelled = withStatus('CANCELLED');
    given(cancelled)
      .when({ type: 'PaymentCompleted', orderId, amountCents: 100 })
      .thenExpect((decision) => expect(decision).toEqual({ state: cancelled, events: [] }));
  });

  // Old bytes published again after their inbox entry was pruned: the order's status says it was handled.
  it('given a CONFIRMED order, when the same payment completes again, then nothing changes nor is published', () => {
    const confirmed = orderDecider.decide(
      placed(),
      { type: 'PaymentCompleted', orderId, amountCents: 2500 },
      context,
    ).state;
    given(confirmed)
      .when({ type: 'PaymentCompleted', orderId, amountCents: 2500 })
      .thenExpect((decision) => expect(decision).toEqual({ state: confirmed, events: [] }));
  });

  it.each([
    { type: 'InventoryRejected', orderId, reason: 'OUT_OF_STOCK', detail: 'none left' },
    { type: 'PaymentDeclined', orderId, amountCents: 2500, detail: 'balance too low' },
  ] as const)(
    'given an order it cancelled, when $type arrives again, then nothing changes nor is published',
    (outcome) => {
      const cancelled = orderDecider.decide(placed(), outcome, context).state;
      given(cancelled)
        .when(outcome)
        .thenExpect((decision) => expect(decision).toEqual({ state: cancelled, events: [] }));
    },
  );

  it('given a CONFIRMED order, when its deadline passes, then nothing changes', () => {
    given(withStatus('CONFIRMED'))
      .when({ type: 'DeadlinePassed', orderId }, { now: afterDeadline })
      .thenExpect(({ events }) => expect(events).toEqual([]));
  });

  it('given a PENDING order, when its deadline passes, then it is CANCELLED TIMED_OUT', () => {
    given(placed())
      .when({ type: 'DeadlinePassed', orderId }, { now: afterDeadline })
      .thenExpect(({ state }) => expect(state.cancellationReason).toBe('TIMED_OUT'));
  });

  it('given a PENDING order, when it is asked to time out before its deadline, then nothing changes', () => {
    const pending = placed();
    given(pending)
      .when({ type: 'DeadlinePassed', orderId })
      .thenExpect((decision) => expect(decision).toEqual({ state: pending, events: [] }));
  });

  it('given a PENDING order, when a payment of a negative amount arrives, then it is poison', () => {
    given(placed())
      .when({ type: 'PaymentCompleted', orderId, amountCents: -5 })
      .thenThrows(expect.objectContaining({ code: 'AMOUNT_INVALID', retryable: false }));
  });

  it('given no order, when an event about it arrives, then it is poison', () => {
    given(null)
      .when({ type: 'PaymentCompleted', orderId, amountCents: 1 })
      .thenThrows(expect.objectContaining({ code: 'ORDER_NOT_FOUND', retryable: false }));
  });
});
