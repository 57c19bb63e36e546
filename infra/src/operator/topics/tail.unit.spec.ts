import { describe, expect, it } from 'vitest';
import { formatMessage, planRead, type ShownMessage } from './tail';

describe('tail read plan', () => {
  const ends = [
    { partition: 1, low: '0', high: '3' },
    { partition: 0, low: '40', high: '100' },
  ];

  it('given --last, then each partition starts that many messages before its end, never before its start', () => {
    expect(planRead(ends, { fromBeginning: false, last: 10 })).toEqual([
      { partition: 0, from: 90, to: 100 },
      { partition: 1, from: 0, to: 3 },
    ]);
  });

  it('given --from-beginning, then each partition starts at its first offset still kept', () => {
    expect(planRead(ends, { fromBeginning: true, last: 10 }).map((read) => read.from)).toEqual([40, 0]);
  });
});

describe('a tailed message', () => {
  const message: ShownMessage = {
    partition: 2,
    offset: '17',
    timestamp: String(Date.UTC(2026, 10, 22, 10, 0, 0)),
    key: 'o-1',
    headers: { 'event-id': 'e-1', producer: 'order' },
    value: { kind: 'avro', schemaId: 4, value: { orderId: 'o-1', totalCents: 2500 } },
  };

  it('given an Avro value, then it shows where, when, key, headers and the decoded value', () => {
    expect(formatMessage(message)).toBe(
      [
        'partition 2  offset 17  2026-11-22T10:00:00.000Z  key o-1',
        '  headers  event-id=e-1  producer=order',
        '  value    schema 4  {"orderId":"o-1","totalCents":2500}',
      ].join('\n'),
    );
  });

  it('given a value that does not decode, then it shows its length, its first bytes in hex and the reason', () => {
    const bytes = Buffer.alloc(40, 0xab);
    const text = formatMessage({
      ...message,
      value: { kind: 'poison', bytes, reason: 'No schema with id 9' },
    });
    expect(text).toContain(`  value    undecodable, 40 bytes ${'ab'.repeat(32)}…: No schema with id 9`);
  });

  it('given no key, no headers and a null value, then it says so', () => {
    const text = formatMessage({ ...message, key: null, headers: {}, value: { kind: 'null' } });
    expect(text).toMatch(/key \(none\)\n {2}headers {2}\(none\)\n {2}value {4}null$/);
  });
});
