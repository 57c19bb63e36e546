import type { DecideContext } from '@saga/saga-runtime/decider';
import { deciderSpecification } from '@saga/saga-runtime/testing/decider';
import type { EventMap } from '@saga/schemas';
import { describe, expect, it } from 'vitest';
import { formatMoney, notificationDecider, notificationFor } from './notification';

const now = new Date('2026-01-02T03:04:05.000Z');
const orderId = '11111111-1111-4111-8111-111111111111';
const context: DecideContext = { now, newId: () => '00000000-0000-4000-8000-000000000001' };
const given = deciderSpecification(notificationDecider, context).given;

const confirmed = (): EventMap['order.confirmed'] => ({
  eventId: '22222222-2222-4222-8222-222222222222',
  orderId,
  occurredAt: now.getTime(),
  customerId: 'alice',
  totalCents: 1998,
  currency: 'USD',
});

const cancelled = (reason: EventMap['order.cancelled']['reason']): EventMap['order.cancelled'] => ({
  eventId: '33333333-3333-4333-8333-333333333333',
  orderId,
  occurredAt: now.getTime(),
  customerId: 'alice',
  reason,
  detail: 'SKU-1: 0 left',
});

describe('notification decisions', () => {
  it('given an order.confirmed, when notifying, then the customer is emailed ORDER_CONFIRMED with the total', () => {
    given(null)
      .when({ topic: 'order.confirmed', event: confirmed() })
      .thenExpect(({ state: notification, events }) => {
        expect(notification).toEqual({
          notificationId: '00000000-0000-4000-8000-000000000001',
          orderId,
          customerId: 'alice',
          kind: 'ORDER_CONFIRMED',
          reason: null,
          channel: 'email',
          subject: `Your order ${orderId} is confirmed`,
          body: `Your order ${orderId} is confirmed. We charged $19.98.`,
          eventId: '22222222-2222-4222-8222-222222222222',
          createdAt: now,
        });
        expect(events).toEqual([]);
      });
  });

  it('given an order.cancelled, when notifying, then the customer is emailed ORDER_CANCELLED with its reason', () => {
    given(null)
      .when({ topic: 'order.cancelled', event: cancelled('OUT_OF_STOCK') })
      .thenExpect(({ state: notification }) =>
        expect(notification).toMatchObject({
          kind: 'ORDER_CANCELLED',
          reason: 'OUT_OF_STOCK',
          channel: 'email',
          subject: `Your order ${orderId} was cancelled`,
          body: `Your order ${orderId} was cancelled: some items are out of stock.`,
          eventId: '33333333-3333-4333-8333-333333333333',
        }),
      );
  });

  it('given a notification sent for the outcome, when another event about it arrives, then nothing changes', () => {
    const sent = notificationFor({ topic: 'order.confirmed', event: confirmed() }, context);
    given(sent)
      .when({
        topic: 'order.confirmed',
        event: { ...confirmed(), eventId: '44444444-4444-4444-8444-444444444444' },
      })
      .thenExpect((decision) => expect(decision).toEqual({ state: sent, events: [] }));
  });

  it('given any cancellation reason, when notifying, then the body explains it without internal detail', () => {
    const reasons = [
      'OUT_OF_STOCK',
      'UNKNOWN_SKU',
      'PAYMENT_DECLINED',
      'CUSTOMER_CANCELLED',
      'TIMED_OUT',
    ] as const;
    const bodies = reasons.map(
      (reason) => notificationFor({ topic: 'order.cancelled', event: cancelled(reason) }, context).body,
    );
    expect(new Set(bodies).size).toBe(reasons.length);
    for (const body of bodies) expect(body).not.toContain('SKU-1: 0 left');
  });

  it('given amounts in minor units, when formatting, then the currency decides the decimals', () => {
    expect(formatMoney(1998, 'USD')).toBe('$19.98');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
    expect(formatMoney(1998, 'not-a-code')).toBe('1998 not-a-code (minor units)');
  });
});
