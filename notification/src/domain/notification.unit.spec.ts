import type { DecideContext } from '@saga/saga-runtime/decider';
import { deciderSpecification } from '@saga/saga-runtime/testing/decider';
import type { EventMap } from '@saga/schemas';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatMoney, notificationDecider, notificationFor, type Outcome } from './notification';

const now = new Date('2026-01-02T03:04:05.000Z');
const orderId = '11111111-1111-4111-8111-111111111111';
// Each notification its own id, in the order decided: 1, 2, … (restarted per test).
let ids = 0;
const context: DecideContext = {
  now,
  newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
};
const given = deciderSpecification(notificationDecider, context).given;
beforeEach(() => {
  ids = 0;
});

// In the order's history the confirmation came first, the customer's cancellation 150 ms after.
const confirmedAt = now.getTime() - 1_000;
const cancelledAt = confirmedAt + 150;

const confirmed = (): EventMap['order.confirmed'] => ({
  eventId: '22222222-2222-4222-8222-222222222222',
  orderId,
  occurredAt: confirmedAt,
  customerId: 'alice',
  totalCents: 1998,
  currency: 'USD',
});

const cancelled = (reason: EventMap['order.cancelled']['reason']): EventMap['order.cancelled'] => ({
  eventId: '33333333-3333-4333-8333-333333333333',
  orderId,
  occurredAt: cancelledAt,
  customerId: 'alice',
  reason,
  detail: 'SKU-1: 0 left',
});

const confirmedOutcome = (eventId?: string): Outcome => ({
  topic: 'order.confirmed',
  event: { ...confirmed(), ...(eventId ? { eventId } : {}) },
});
const customerCancelled = (): Outcome => ({
  topic: 'order.cancelled',
  event: cancelled('CUSTOMER_CANCELLED'),
});

describe('notification decisions', () => {
  it('given an order.confirmed, when notifying, then the customer is emailed ORDER_CONFIRMED with the total', () => {
    given([])
      .when({ topic: 'order.confirmed', event: confirmed() })
      .thenExpect(({ state: told, events }) => {
        expect(told).toEqual([
          {
            notificationId: '00000000-0000-4000-8000-000000000001',
            orderId,
            customerId: 'alice',
            kind: 'ORDER_CONFIRMED',
            reason: null,
            channel: 'email',
            subject: `Your order ${orderId} is confirmed`,
            body: `Your order ${orderId} is confirmed. We charged $19.98.`,
            eventId: '22222222-2222-4222-8222-222222222222',
            occurredAt: new Date(confirmedAt),
            delivery: 'SENT',
            suppressedBy: null,
            createdAt: now,
          },
        ]);
        expect(events).toEqual([]);
      });
  });

  it('given an order.cancelled, when notifying, then the customer is emailed ORDER_CANCELLED with its reason', () => {
    given([])
      .when({ topic: 'order.cancelled', event: cancelled('OUT_OF_STOCK') })
      .thenExpect(({ state: [notification] }) =>
        expect(notification).toMatchObject({
          kind: 'ORDER_CANCELLED',
          reason: 'OUT_OF_STOCK',
          channel: 'email',
          subject: `Your order ${orderId} was cancelled`,
          body: `Your order ${orderId} was cancelled: some items are out of stock.`,
          eventId: '33333333-3333-4333-8333-333333333333',
          delivery: 'SENT',
        }),
      );
  });

  it('given a notification sent for the outcome, when another event about it arrives, then nothing changes', () => {
    const told = [notificationFor({ topic: 'order.confirmed', event: confirmed() }, context)];
    given(told)
      .when({
        topic: 'order.confirmed',
        event: { ...confirmed(), eventId: '44444444-4444-4444-8444-444444444444' },
      })
      .thenExpect((decision) => expect(decision).toEqual({ state: told, events: [] }));
  });

  it('given a confirmation sent, when the order is cancelled, then both are sent, confirmation first', () => {
    given([], confirmedOutcome())
      .when(customerCancelled())
      .thenExpect(({ state: told }) =>
        expect(told.map(({ kind, delivery }) => [kind, delivery])).toEqual([
          ['ORDER_CONFIRMED', 'SENT'],
          ['ORDER_CANCELLED', 'SENT'],
        ]),
      );
  });

  it('given the cancellation sent, when the earlier confirmation arrives late, then it is recorded, not sent', () => {
    given([], customerCancelled())
      .when(confirmedOutcome())
      .thenExpect(({ state: [cancellation, confirmation], events }) => {
        expect(cancellation).toMatchObject({ kind: 'ORDER_CANCELLED', delivery: 'SENT' });
        expect(confirmation).toMatchObject({
          kind: 'ORDER_CONFIRMED',
          delivery: 'SUPPRESSED',
          suppressedBy: cancellation?.notificationId,
          occurredAt: new Date(confirmedAt),
        });
        expect(events).toEqual([]);
      });
  });

  it('given the cancellation sent, when a confirmation of the same millisecond arrives, then it is not sent', () => {
    // Only a confirmed order has both outcomes, so within one millisecond the cancellation is the later.
    given([], customerCancelled())
      .when({ topic: 'order.confirmed', event: { ...confirmed(), occurredAt: cancelledAt } })
      .thenExpect(({ state }) => expect(state[1]?.delivery).toBe('SUPPRESSED'));
  });

  it('given a late confirmation recorded, when either outcome is delivered again, then nothing changes', () => {
    const { decide } = notificationDecider;
    const told = decide(decide([], customerCancelled(), context).state, confirmedOutcome(), context).state;
    for (const again of [confirmedOutcome('55555555-5555-4555-8555-555555555555'), customerCancelled()])
      given(told)
        .when(again)
        // The very same state: the store writes nothing, the handler logs "already sent".
        .thenExpect(({ state, events }) => {
          expect(state).toBe(told);
          expect(events).toEqual([]);
        });
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
    // Formatters are kept per currency: a second call gives the same answers.
    expect(formatMoney(2500, 'USD')).toBe('$25.00');
    expect(formatMoney(7, 'not-a-code')).toBe('7 not-a-code (minor units)');
  });

  it('given more currencies than the formatter cache holds, then each is still formatted', () => {
    const codes = Array.from(
      { length: 100 },
      (_, i) => `X${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
    );
    for (const code of codes) expect(formatMoney(100, code)).toMatch(/1\.00|100 /);
    expect(formatMoney(1998, 'EUR')).toBe('€19.98');
  });
});
