import { describe, expect, it } from 'vitest';
import { type DecideContext, decide, openAccount, type Payment, type PaymentState } from './payment';

const now = new Date('2026-01-02T03:04:05.000Z');
const later = new Date('2026-01-02T04:00:00.000Z');
let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
const context: DecideContext = { now, newId };
const orderId = '11111111-1111-4111-8111-111111111111';

const withBalance = (balanceCents: number, cancelled = false): PaymentState => ({
  account: openAccount('alice', balanceCents, new Date('2026-01-01T00:00:00.000Z')),
  payment: null,
  cancelled,
});

const reserved = (amountCents: number, currency = 'USD') =>
  ({ type: 'InventoryReserved', orderId, amountCents, currency }) as const;
const cancelled = { type: 'OrderCancelled', orderId } as const;

const withPayment = (status: Payment['status'], balanceCents = 500): PaymentState => ({
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

describe('payment decisions', () => {
  it('given a balance above the total, when inventory is reserved, then the total is charged and payment.completed is published', () => {
    const { state, events } = decide(withBalance(5000), reserved(1998), context);
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

  it('given a balance exactly the total, when inventory is reserved, then it is charged down to zero', () => {
    const { state, events } = decide(withBalance(1998), reserved(1998), context);
    expect(state.account.balanceCents).toBe(0);
    expect(state.payment?.status).toBe('COMPLETED');
    expect(events.map((e) => e.topic)).toEqual(['payment.completed']);
  });

  it('given a balance one cent short, when inventory is reserved, then it is declined and the balance is untouched', () => {
    const before = withBalance(1997);
    const { state, events } = decide(before, reserved(1998), context);
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

  it('given a USD account, when inventory is reserved in another currency, then it is declined', () => {
    const { state, events } = decide(withBalance(5000), reserved(100, 'EUR'), context);
    expect(state.account.balanceCents).toBe(5000);
    expect(events[0]).toMatchObject({ topic: 'payment.declined', event: { reason: 'PAYMENT_DECLINED' } });
  });

  it('given a nothing-to-pay order, when inventory is reserved, then it completes without changing the balance', () => {
    const { state, events } = decide(withBalance(0), reserved(0), context);
    expect(state.account.balanceCents).toBe(0);
    expect(events.map((e) => e.topic)).toEqual(['payment.completed']);
  });

  it.each(['COMPLETED', 'DECLINED', 'REFUNDED'] as const)(
    'given a %s payment for the order, when inventory is reserved again, then nothing changes',
    (status) => {
      const before = withPayment(status);
      expect(decide(before, reserved(1998), context)).toEqual({ state: before, events: [] });
    },
  );

  it('given a negative total, when inventory is reserved, then the event is poison', () => {
    expect(() => decide(withBalance(5000), reserved(-1), context)).toThrow(
      expect.objectContaining({ code: 'AMOUNT_INVALID', retryable: false }),
    );
  });

  it('given a COMPLETED payment, when the order is cancelled, then the amount is refunded and payment.refunded is published', () => {
    const { state, events } = decide(withPayment('COMPLETED', 500), cancelled, { now: later, newId });
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

  it('given a charge then a cancellation, when both are decided, then the balance is restored', () => {
    const charged = decide(withBalance(5000), reserved(1998), context).state;
    const { state } = decide(charged, cancelled, context);
    expect(state.account.balanceCents).toBe(5000);
    expect(state.payment?.status).toBe('REFUNDED');
  });

  it('given a REFUNDED payment, when the order is cancelled again, then nothing is refunded twice', () => {
    const before = withPayment('REFUNDED');
    expect(decide(before, cancelled, context)).toEqual({ state: before, events: [] });
  });

  it('given a DECLINED payment, when the order is cancelled, then there is nothing to refund', () => {
    const before = withPayment('DECLINED');
    expect(decide(before, cancelled, context)).toEqual({ state: before, events: [] });
  });

  it('given no payment, when the order is cancelled, then it is remembered as cancelled and nothing is published', () => {
    const before = withBalance(5000);
    const { state, events } = decide(before, cancelled, context);
    expect(state).toEqual({ ...before, cancelled: true });
    expect(events).toEqual([]);
  });

  it('given an order cancelled before its reservation, when inventory is reserved, then nothing is charged or published', () => {
    const tombstoned = decide(withBalance(5000), cancelled, context).state;
    expect(decide(tombstoned, reserved(1998), context)).toEqual({ state: tombstoned, events: [] });
  });

  it('given an order already remembered as cancelled, when it is cancelled again, then nothing changes', () => {
    const before = withBalance(5000, true);
    expect(decide(before, cancelled, context)).toEqual({ state: before, events: [] });
  });

  it("given another customer's payment, when the order is cancelled, then the event is poison", () => {
    const before = withPayment('COMPLETED');
    const mismatched = { ...before, account: { ...before.account, customerId: 'bob' } };
    expect(() => decide(mismatched, cancelled, context)).toThrow(
      expect.objectContaining({ code: 'CUSTOMER_MISMATCH' }),
    );
  });
});
