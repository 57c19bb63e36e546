import { describe, expect, it } from 'vitest';
import { deadLetterHeaders, headerNames, originalHeaders, readHeaders } from './headers';

describe('readHeaders', () => {
  it('given kafkajs headers, then each becomes one string, the first value of a repeated one', () => {
    expect(
      readHeaders({
        [headerNames.eventId]: Buffer.from('e-1'),
        [headerNames.producer]: 'order',
        repeated: [Buffer.from('a'), 'b'],
        absent: undefined,
      }),
    ).toEqual({ 'event-id': 'e-1', producer: 'order', repeated: 'a' });
  });
});

describe('originalHeaders', () => {
  it('given a dead letter, then only the headers it was first published with are kept', () => {
    expect(
      originalHeaders({
        [headerNames.eventId]: 'e-1',
        [deadLetterHeaders.errorCode]: 'ORDER_NOT_FOUND',
        [deadLetterHeaders.attempts]: '1',
      }),
    ).toEqual({ 'event-id': 'e-1' });
  });
});
