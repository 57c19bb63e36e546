import { describe, expect, it } from 'vitest';
import { causalOrder, isRetained, type TimelineEntry } from './timeline';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
const entry = (
  eventId: string,
  topic: string,
  causationId: string | null,
  seconds: number,
): TimelineEntry => ({
  eventId,
  orderId: 'o-1',
  topic,
  partition: 0,
  offset: seconds,
  producer: topic.split('.')[0]!,
  causationId,
  traceId: 't',
  occurredAt: at(seconds),
});

describe('causal order of a saga timeline', () => {
  it('given a happy path recorded out of order, then each event follows its cause', () => {
    const created = entry('e1', 'order.created', null, 0);
    const reserved = entry('e2', 'inventory.reserved', 'e1', 1);
    const paid = entry('e3', 'payment.completed', 'e2', 2);
    const confirmed = entry('e4', 'order.confirmed', 'e3', 3);
    expect(causalOrder([confirmed, paid, created, reserved]).map((e) => e.topic)).toEqual([
      'order.created',
      'inventory.reserved',
      'payment.completed',
      'order.confirmed',
    ]);
  });

  it('given two compensations of one cancellation, then both follow it, earliest first', () => {
    const created = entry('e1', 'order.created', null, 0);
    const cancelled = entry('e5', 'order.cancelled', 'e4', 5);
    const refunded = entry('e7', 'payment.refunded', 'e5', 7);
    const released = entry('e6', 'inventory.released', 'e5', 6);
    const reserved = entry('e2', 'inventory.reserved', 'e1', 1);
    const declined = entry('e4', 'payment.declined', 'e2', 4);
    expect(
      causalOrder([refunded, released, cancelled, declined, reserved, created]).map((e) => e.eventId),
    ).toEqual(['e1', 'e2', 'e4', 'e5', 'e6', 'e7']);
  });

  it('given a clock skew that puts an effect before its cause, then causation still wins', () => {
    const created = entry('e1', 'order.created', null, 5);
    const rejected = entry('e2', 'inventory.rejected', 'e1', 3);
    expect(causalOrder([rejected, created]).map((e) => e.eventId)).toEqual(['e1', 'e2']);
  });

  it('given an event whose cause was never recorded, then it still appears, by time', () => {
    const created = entry('e1', 'order.created', null, 0);
    const orphan = entry('e9', 'payment.refunded', 'missing', 2);
    const cancelled = entry('e3', 'order.cancelled', null, 1);
    expect(causalOrder([orphan, cancelled, created]).map((e) => e.eventId)).toEqual(['e1', 'e3', 'e9']);
  });

  it('given a forged causation cycle, then no event is lost', () => {
    const a = entry('a', 'order.created', 'b', 0);
    const b = entry('b', 'order.cancelled', 'a', 1);
    expect(
      causalOrder([a, b])
        .map((e) => e.eventId)
        .sort(),
    ).toEqual(['a', 'b']);
  });
});

describe('how much history the timeline keeps', () => {
  const minute = 60_000;

  it('given an event younger than the retention, or exactly as old, then it is kept', () => {
    expect(isRetained({ occurredAt: at(0) }, new Date(at(0).getTime() + minute - 1), minute)).toBe(true);
    expect(isRetained({ occurredAt: at(0) }, new Date(at(0).getTime() + minute), minute)).toBe(true);
  });

  it('given an event older than the retention (replayed, or published again), then it is left out', () => {
    expect(isRetained({ occurredAt: at(0) }, new Date(at(0).getTime() + minute + 1), minute)).toBe(false);
  });
});
