import { describe, expect, it } from 'vitest';
import { type DecideContext, decide, type Order } from './order';

const now = new Date('2026-01-02T03:04:05.000Z');
let ids = 0;
const context: DecideContext = {
  now,
  newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
};

const placed = (): Order =>
  decide(
    null,
    {
      type: 'PlaceOrder',
      orderId: '11111111-1111-4111-8111-111111111111',
      customerId: 'alice',
      items: [{ sku: 'SKU-1', quantity: 2 }],
      currency: 'USD',
    },
    context,
  ).state;

const withStatus = (status: Order['status']): Order => ({ ...placed(), status });

describe('order decisions', () => {
  it('given no order, when it is placed, then it is PENDING and order.created is published', () => {
    const { state, events } = decide(
      null,
      {
        type: 'PlaceOrder',
        orderId: 'o-1',
        customerId: 'alice',
        items: [{ sku: 'A', quantity: 1 }],
        currency: 'USD',
      },
      context,
    );
    expect(state).toMatchObject({
      status: 'PENDING',
      totalCents: null,
      cancellationReason: null,
      createdAt: now,
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

  it('given a PENDING order, when the payment completes, then it is CONFIRMED with the charged total', () => {
    const { state, events } = decide(placed(), { type: 'PaymentCompleted', amountCents: 1998 }, context);
    expect(state).toMatchObject({ status: 'CONFIRMED', totalCents: 1998 });
    expect(events.map((e) => e.topic)).toEqual(['order.confirmed']);
    expect(events[0]?.event).toMatchObject({ totalCents: 1998, currency: 'USD', occurredAt: now.getTime() });
  });

  it('given a PENDING order, when inventory rejects it, then it is CANCELLED with that reason', () => {
    const { state, events } = decide(
      placed(),
      { type: 'InventoryRejected', reason: 'OUT_OF_STOCK', detail: 'A: 0 left' },
      context,
    );
    expect(state).toMatchObject({ status: 'CANCELLED', cancellationReason: 'OUT_OF_STOCK' });
    expect(events[0]).toMatchObject({
      topic: 'order.cancelled',
      event: { reason: 'OUT_OF_STOCK', detail: 'A: 0 left' },
    });
  });

  it('given a PENDING order, when the payment is declined, then it is CANCELLED PAYMENT_DECLINED', () => {
    const { state, events } = decide(
      placed(),
      { type: 'PaymentDeclined', amountCents: 500, detail: 'low' },
      context,
    );
    expect(state).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'PAYMENT_DECLINED',
      totalCents: 500,
    });
    expect(events.map((e) => e.topic)).toEqual(['order.cancelled']);
  });

  it('given a CONFIRMED order, when the customer cancels, then it is CANCELLED CUSTOMER_CANCELLED', () => {
    const { state, events } = decide(withStatus('CONFIRMED'), { type: 'CancelByCustomer' }, context);
    expect(state).toMatchObject({ status: 'CANCELLED', cancellationReason: 'CUSTOMER_CANCELLED' });
    expect(events[0]).toMatchObject({ topic: 'order.cancelled', event: { reason: 'CUSTOMER_CANCELLED' } });
  });

  it('given a CANCELLED order, when the customer cancels again, then it is refused as a conflict', () => {
    expect(() => decide(withStatus('CANCELLED'), { type: 'CancelByCustomer' }, context)).toThrow(
      expect.objectContaining({ code: 'ORDER_ALREADY_CANCELLED', status: 409 }),
    );
  });

  it('given a CANCELLED order, when a late payment completes, then nothing changes (payment refunds it)', () => {
    const cancelled = withStatus('CANCELLED');
    expect(decide(cancelled, { type: 'PaymentCompleted', amountCents: 100 }, context)).toEqual({
      state: cancelled,
      events: [],
    });
  });

  it('given a CONFIRMED order, when its deadline passes, then nothing changes', () => {
    const confirmed = withStatus('CONFIRMED');
    expect(decide(confirmed, { type: 'DeadlinePassed' }, context).events).toEqual([]);
  });

  it('given a PENDING order, when its deadline passes, then it is CANCELLED TIMED_OUT', () => {
    expect(decide(placed(), { type: 'DeadlinePassed' }, context).state.cancellationReason).toBe('TIMED_OUT');
  });

  it('given a PENDING order, when a payment of a negative amount arrives, then it is poison', () => {
    expect(() => decide(placed(), { type: 'PaymentCompleted', amountCents: -5 }, context)).toThrow(
      expect.objectContaining({ code: 'AMOUNT_INVALID', retryable: false }),
    );
  });

  it('given no order, when an event about it arrives, then it is poison', () => {
    expect(() => decide(null, { type: 'PaymentCompleted', amountCents: 1 }, context)).toThrow(
      expect.objectContaining({ code: 'ORDER_UNKNOWN' }),
    );
  });
});
