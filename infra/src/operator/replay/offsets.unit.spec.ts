import { describe, expect, it } from 'vitest';
import { formatPlan, parseTarget } from './offsets';

describe('replay targets', () => {
  it('reads earliest, latest, an ISO time and partition:offset lists', () => {
    expect(parseTarget('earliest')).toEqual({ kind: 'earliest' });
    expect(parseTarget('latest')).toEqual({ kind: 'latest' });
    expect(parseTarget('2026-11-22T10:00:00Z')).toEqual({
      kind: 'timestamp',
      at: new Date('2026-11-22T10:00:00Z'),
    });
    expect(parseTarget('0:12,3:40')).toEqual({
      kind: 'offsets',
      offsets: new Map([
        [0, '12'],
        [3, '40'],
      ]),
    });
  });

  it.each(['yesterday', '12', '0:', '0:1,', '2026-13-45'])(
    'refuses %s with a message naming the forms',
    (raw) => {
      expect(() => parseTarget(raw)).toThrow(/earliest, latest, an ISO timestamp or partition:offset/);
    },
  );

  it('prints from → to per partition and the events to re-read', () => {
    const text = formatPlan([
      { topic: 'order.created', partition: 0, from: '40', to: '0', reread: 40 },
      { topic: 'order.created', partition: 1, from: null, to: '0', reread: 0 },
      { topic: 'order.created', partition: 2, from: '5', to: '9', reread: -4 },
    ]);
    expect(text).toMatch(/order\.created\[0\]\s+40 → 0\s+40 to re-read/);
    expect(text).toMatch(/order\.created\[1\]\s+- → 0/);
    expect(text).toMatch(/order\.created\[2\]\s+5 → 9\s+4 skipped/);
    expect(text).toContain('40 events to re-read in total');
  });
});
