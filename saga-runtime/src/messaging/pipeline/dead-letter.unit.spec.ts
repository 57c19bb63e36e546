import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { silentLogger } from '../../testing/handler-harness';
import { deadLetterHeaders } from '../headers';
import { type RawMessage, RunFailure } from '../message';
import type { OutgoingRecord } from '../publish';
import { deadLetter } from './dead-letter';

const message: RawMessage = {
  topic: 'order.created',
  partition: 3,
  offset: '42',
  key: Buffer.from('order-1'),
  value: Buffer.from('garbage'),
  headers: { 'event-id': 'e-1' },
  timestamp: '0',
  control: { heartbeat: async () => {}, isActive: () => true },
};

function harness(failure: unknown) {
  const sent: OutgoingRecord[][] = [];
  const dead: [string, string, { partition: number; offset: string }][] = [];
  const handle = deadLetter({
    publish: async (records) => {
      sent.push(records);
      return [{ topic: records[0]!.topic, partition: 4, offset: '99' }];
    },
    topic: 'inventory-service.dlq',
    groupId: 'inventory-service',
    logger: silentLogger(),
    now: () => new Date('2026-01-02T03:04:05.000Z'),
    onDeadLettered: (failed, code, position) => void dead.push([failed.topic, code, position]),
  })(async () => {
    if (failure) throw failure;
  });
  return { handle, sent, dead };
}

describe('dead-letter step', () => {
  it('given a message that failed alone and can never succeed, then its bytes go to the dead-letter topic with the reason, origin and attempts', async () => {
    const { handle, sent, dead } = harness(
      new RunFailure(0, AppError.poison('WIRE_FORMAT_INVALID', 'magic byte 103'), 5),
    );
    await handle([message]);
    expect(sent).toHaveLength(1);
    const [record] = sent[0]!;
    expect(record?.topic).toBe('inventory-service.dlq');
    expect(record?.value).toEqual(Buffer.from('garbage'));
    expect(record?.key).toEqual(Buffer.from('order-1'));
    expect(record?.headers).toEqual({
      'event-id': 'e-1',
      [deadLetterHeaders.errorCode]: 'WIRE_FORMAT_INVALID',
      [deadLetterHeaders.errorMessage]: 'magic byte 103',
      [deadLetterHeaders.originalTopic]: 'order.created',
      [deadLetterHeaders.originalPartition]: '3',
      [deadLetterHeaders.originalOffset]: '42',
      [deadLetterHeaders.consumerGroup]: 'inventory-service',
      [deadLetterHeaders.attempts]: '5',
      [deadLetterHeaders.failedAt]: '2026-01-02T03:04:05.000Z',
    });
    expect(dead).toEqual([['order.created', 'WIRE_FORMAT_INVALID', { partition: 4, offset: '99' }]]);
  });

  it('given a transient failure, then it does not dead-letter but rethrows (the message stays uncommitted)', async () => {
    const transient = AppError.transient('DATABASE_UNAVAILABLE', 'down');
    const { handle, sent } = harness(new RunFailure(0, transient));
    await expect(handle([message])).rejects.toMatchObject({ index: 0, cause: transient });
    expect(sent).toEqual([]);
  });

  it('given a message failing within a longer run, then it is left to be isolated first', async () => {
    const poison = AppError.poison('EVENT_INVALID', 'bad');
    const { handle, sent } = harness(new RunFailure(1, poison));
    await expect(handle([message, { ...message, offset: '43' }])).rejects.toMatchObject({ index: 1 });
    expect(sent).toEqual([]);
  });

  it('given success, then nothing is sent', async () => {
    const { handle, sent } = harness(undefined);
    await handle([message]);
    expect(sent).toEqual([]);
  });
});
