import type { DecideContext } from '@saga/saga-runtime/decider';
import { deciderSpecification } from '@saga/saga-runtime/testing/decider';
import { describe, expect, it } from 'vitest';
import { openAccount, type Payment, type PaymentState, paymentDecider } from './payment';

const now = new Date('2026-01-02T03:04:05.000Z');
const later = new Date('2026-01-02T04:00:00.000Z');
let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
const context: DecideContext = { now, newId };
const given = deciderSpecification(paymentDecider, context).given;
const orderId = '11111111-1111-4111-8111-111111111111';

const withBalance = (balanceCents: number, cancelled = false): PaymentState => ({
  orderId,
  account: openAccount('alice', balanceCents, new Date('2026-01-01T00:00:00.000Z')),
  payment: null,
  cancelled,
});

const reserved = (amountCents: number, currency = 'USD') =>
  ({ type: 'InventoryReserved', orderId, customerId: 'alice', amountCents, currency }) as const;
const cancelled = { type: 'OrderCancelled', orderId, customerId: 'alice' } as const;

const withPayment = (status: Payment['status'], balanceCents = 500): PaymentState => ({
  orderId,
  account: openAccount('alice', balanceCents, now),
  payment: {
    paymentId: '22222222-2222-4222-8222-222222222222',
    orderId,
    customerId: 'alice',
    amountCents: 1998,
    currency: 'USD',
    status,
    reason: status === 'DECLINED' ? 'PAYMENT_DECLINED' : null,
    createdAt: now,
    updatedAt: now,
  },
  cancelled: false,
});

const nothingChanges = (before: PaymentState) => (decision: unknown) =>
  expect(decision).toEqual({ state: before, events: [] });

describe('payment decisions', () => {
  it('given a balance above the total, when inventory is reserved, then the total is charged and payment.completed is published', () => {
    given(withBalance(5000))
      .when(reserved(1998))
      .thenExpect(({ state, events }) => {
        expect(state.account).toMatchObject({ balanceCents: 3002, updatedAt: now });
        expect(state.payment).toMatchObject({
          orderId,
          customerId: 'alice',
          amountCents: 1998,
          status: 'COMPLETED',
          reason: null,
          createdAt: now,
        });
        expect(events).toEqual([
          {
            topic: 'payment.completed',
            event: {
              eventId: expect.any(String),
              orderId,
              occurredAt: now.getTime(),
              customerId: 'alice',
              paymentId: state.payment?.paymentId,
              amountCents: 1998,
              currency: 'USD',
            },
          },
        ]);
        expect(events[0]?.event.eventId).not.toBe(state.payment?.paymentId);
      });
  });

  it('given a balance exactly the total, when inventory is reserved, then it is charged down to zero', () => {
    given(withBalance(1998))
      .when(reserved(1998))
      .thenExpect(({ state, events }) => {
        expect(state.account.balanceCents).toBe(0);
        expect(state.payment?.status).toBe('COMPLETED');
        expect(events.map((e) => e.topic)).toEqual(['payment.completed']);
      });
  });

  it('given a balance one cent short, when inventory is reserved, then it is declined and the balance is untouched', () => {
    const before = withBalance(1997);
    given(before)
      .when(reserved(1998))
      .thenExpect(({ state, events }) => {
        expect(state.account).toBe(before.account);
        expect(state.payment).toMatchObject({
          status: 'DECLINED',
          reason: 'PAYMENT_DECLINED',
          amountCents: 1998,
        });
        expect(events).toEqual([
          {
            topic: 'payment.declined',
            event: {
              eventId: expect.any(String),
              orderId,
              occurredAt: now.getTime(),
              customerId: 'alice',
              amountCents: 1998,
              currency: 'USD',
              reason: 'PAYMENT_DECLINED',
              detail: 'balance 1997 below total 1998',
            },
          },
        ]);
      });
  });

  it('given a USD account, when inventory is reserved in another currency, then it is declined', () => {
    given(withBalance(5000))
      .when(reserved(100, 'EUR'))
      .thenExpect(({ state, events }) => {
        expect(state.account.balanceCents).toBe(5000);
        expect(events[0]).toMatchObject({ topic: 'payment.declined', event: { reason: 'PAYMENT_DECLINED' } });
      });
  });

  it('given a nothing-to-pay order, when inventory is reserved, then it completes without changing the balance', () => {
    given(withBalance(0))
      .when(reserved(0))
      .thenExpect(({ state, events }) => {
        expect(state.account.balanceCents).toBe(0);
        expect(events.map((e) => e.topic)).toEqual(['payment.completed']);
      });
  });

  it.each(['COMPLETED', 'DECLINED', 'REFUNDED'] as const)(
    'given a %s payment for the order, when inventory is reserved again, then nothing changes',
    (status) => {
      const before = withPayment(status);
      given(before).when(reserved(1998)).thenExpect(nothingChanges(before));
    },
  );

  it('given a negative total, when inventory is reserved, then the event is poison', () => {
    given(withBalance(5000))
      .when(reserved(-1))
      .thenThrows(expect.objectContaining({ code: 'AMOUNT_INVALID', retryable: false }));
  });

  it('given a COMPLETED payment, when the order is cancelled, then the amount is refunded and payment.refunded is published', () => {
    given(withPayment('COMPLETED', 500))
      .when(cancelled, { now: later })
      .thenExpect(({ state, events }) => {
        expect(state.account).toMatchObject({ balanceCents: 2498, updatedAt: later });
        expect(state.payment).toMatchObject({ status: 'REFUNDED', createdAt: now, updatedAt: later });
        expect(events).toEqual([
          {
            topic: 'payment.refunded',
            event: {
              eventId: expect.any(String),
              orderId,
              occurredAt: later.getTime(),
              customerId: 'alice',
              paymentId: '22222222-2222-4222-8222-222222222222',
              amountCents: 1998,
              currency: 'USD',
            },
          },
        ]);
      });
  });

  it('given a charge then a cancellation, when both are decided, then the balance is restored', () => {
    given(withBalance(5000), reserved(1998))
      .when(cancelled)
      .thenExpect(({ state }) => {
        expect(state.account.balanceCents).toBe(5000);
        expect(state.payment?.status).toBe('REFUNDED');
      });
  });

  // Old bytes published again after their inbox entry was pruned: the payment itself says it was handled.
  it.each(['COMPLETED', 'DECLINED', 'REFUNDED'] as const)(
    'given a %s payment, when inventory is reserved again, then nothing is charged twice',
    (status) => {
      const before = withPayment(status, 5000);
      given(before).when(reserved(1998)).thenExpect(nothingChanges(before));
    },
  );

  it('given a REFUNDED payment, when the order is cancelled again, then nothing is refunded twice', () => {
    const before = withPayment('REFUNDED');
    given(before).when(cancelled).thenExpect(nothingChanges(before));
  });

  it('given a DECLINED payment, when the order is cancelled, then there is nothing to refund', () => {
    const before = withPayment('DECLINED');
    given(before).when(cancelled).thenExpect(nothingChanges(before));
  });

  it('given no payment, when the order is cancelled, then it is remembered as cancelled and nothing is published', () => {
    const before = withBalance(5000);
    given(before)
      .when(cancelled)
      .thenExpect(({ state, events }) => {
        expect(state).toEqual({ ...before, cancelled: true });
        expect(events).toEqual([]);
      });
  });

  it('given an order cancelled before its reservation, when inventory is reserved, then nothing is charged or published', () => {
    const tombstoned = paymentDecider.decide(withBalance(5000), cancelled, context).state;
    given(tombstoned).when(reserved(1998)).thenExpect(nothingChanges(tombstoned));
  });

  it('given an order already remembered as cancelled, when it is cancelled again, then nothing changes', () => {
    const before = withBalance(5000, true);
    given(before).when(cancelled).thenExpect(nothingChanges(before));
  });

  it("given another customer's payment, when the order is cancelled, then the event is poison", () => {
    const before = withPayment('COMPLETED');
    const mismatched = { ...before, account: { ...before.account, customerId: 'bob' } };
    given(mismatched)
      .when(cancelled)
      .thenThrows(expect.objectContaining({ code: 'CUSTOMER_MISMATCH' }));
  });
});
