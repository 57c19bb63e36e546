import { describe, expect, it } from 'vitest';
import {
  awaitNotifications,
  describeNotifications,
  expectedNotifications,
  type NotificationKind,
} from './demo-notifications';

/**
 * A notification service that has written `arrivals[i]` by the i-th read (the last one thereafter),
 * each sent unless named in `suppressed`.
 */
function fakeService(arrivals: NotificationKind[][], suppressed: NotificationKind[] = []) {
  const urls: string[] = [];
  const fetch = async (url: string) => {
    const kinds = arrivals[Math.min(urls.length, arrivals.length - 1)] ?? [];
    urls.push(url);
    const delivery = (kind: NotificationKind) => (suppressed.includes(kind) ? 'SUPPRESSED' : 'SENT');
    return Response.json(kinds.map((kind) => ({ kind, orderId: 'o-1', delivery: delivery(kind) })));
  };
  return { fetch, urls };
}

/** A clock that only moves when the wait sleeps, so the spec takes no time. */
function fakeTime() {
  let clock = 0;
  return {
    now: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
  };
}

describe('the demo waiting for notifications', () => {
  it('expects one notification per terminal status, confirmation before cancellation', () => {
    expect(expectedNotifications(['CONFIRMED'])).toEqual(['ORDER_CONFIRMED']);
    expect(expectedNotifications(['CONFIRMED', 'CANCELLED'])).toEqual(['ORDER_CONFIRMED', 'ORDER_CANCELLED']);
  });

  it('keeps reading until the notifications arrive', async () => {
    const service = fakeService([[], [], ['ORDER_CANCELLED']]);
    const found = await awaitNotifications('http://n', 'o-1', ['ORDER_CANCELLED'], {
      ...fakeTime(),
      fetch: service.fetch,
    });
    expect(found).toEqual({ kinds: ['ORDER_CANCELLED'], suppressed: [], missing: [] });
    expect(service.urls).toEqual(Array(3).fill('http://n/notifications?orderId=o-1'));
  });

  it('waits for every expected one, not just the first', async () => {
    const service = fakeService([['ORDER_CONFIRMED'], ['ORDER_CONFIRMED', 'ORDER_CANCELLED']]);
    const found = await awaitNotifications('http://n', 'o-1', ['ORDER_CONFIRMED', 'ORDER_CANCELLED'], {
      ...fakeTime(),
      fetch: service.fetch,
    });
    expect(found.missing).toEqual([]);
    expect(describeNotifications(found)).toBe('ORDER_CONFIRMED, ORDER_CANCELLED');
  });

  it('gives up after the timeout and says what did not arrive', async () => {
    const service = fakeService([['ORDER_CONFIRMED']]);
    const found = await awaitNotifications('http://n', 'o-1', ['ORDER_CONFIRMED', 'ORDER_CANCELLED'], {
      ...fakeTime(),
      fetch: service.fetch,
      timeoutMs: 1_000,
      intervalMs: 200,
    });
    expect(found).toEqual({ kinds: ['ORDER_CONFIRMED'], suppressed: [], missing: ['ORDER_CANCELLED'] });
    expect(service.urls).toHaveLength(6);
    expect(describeNotifications(found, 1_000)).toBe(
      'ORDER_CONFIRMED; NOT ARRIVED after 1s: ORDER_CANCELLED',
    );
    expect(describeNotifications({ kinds: [], suppressed: [], missing: ['ORDER_CONFIRMED'] })).toBe(
      'none; NOT ARRIVED after 10s: ORDER_CONFIRMED',
    );
  });

  it('says which was sent and which was only recorded when the confirmation came after the cancellation', async () => {
    const service = fakeService(
      [['ORDER_CANCELLED'], ['ORDER_CANCELLED', 'ORDER_CONFIRMED']],
      ['ORDER_CONFIRMED'],
    );
    const found = await awaitNotifications('http://n', 'o-1', ['ORDER_CONFIRMED', 'ORDER_CANCELLED'], {
      ...fakeTime(),
      fetch: service.fetch,
    });
    expect(found).toEqual({
      kinds: ['ORDER_CANCELLED', 'ORDER_CONFIRMED'],
      suppressed: ['ORDER_CONFIRMED'],
      missing: [],
    });
    expect(describeNotifications(found)).toBe(
      'ORDER_CANCELLED; recorded but not sent (a later outcome had been sent): ORDER_CONFIRMED',
    );
  });

  it('fails on an error answer instead of waiting it out', async () => {
    const fetch = async () => Response.json({ code: 'VALIDATION_FAILED' }, { status: 400 });
    await expect(
      awaitNotifications('http://n', 'bad', ['ORDER_CONFIRMED'], { ...fakeTime(), fetch }),
    ).rejects.toThrow('400');
  });
});
