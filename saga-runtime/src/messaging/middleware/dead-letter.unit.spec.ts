import type { Producer, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { silentLogger } from '../../testing/handler-harness';
import type { RawMessage } from '../message';
import { deadLetter, deadLetterHeaders } from './dead-letter';
import { attemptsHeader } from './retry';

const message: RawMessage = {
  topic: 'order.created',
  partition: 3,
  offset: '42',
  key: Buffer.from('order-1'),
  value: Buffer.from('garbage'),
  headers: { 'event-id': 'e-1', [attemptsHeader]: '5' },
  timestamp: '0',
  control: { heartbeat: async () => {}, isActive: () => true },
};

function harness(failure: unknown) {
  const sent: ProducerRecord[] = [];
  const dead: [string, string, { partition: number; offset: string }][] = [];
  const producer = {
    send: async (record: ProducerRecord) => {
      sent.push(record);
      return [{ topicName: record.topic, partition: 4, errorCode: 0, baseOffset: '99' }];
    },
  } as unknown as Producer;
  const handle = deadLetter({
    producer,
    groupId: 'inventory-service',
    logger: silentLogger(),
    now: () => new Date('2026-01-02T03:04:05.000Z'),
    onDeadLettered: (failed, code, position) => void dead.push([failed.topic, code, position]),
  })(async () => {
    if (failure) throw failure;
  });
  return { handle, sent, dead };
}

describe('dead-letter middleware', () => {
  it('given a message that can never succeed, then its bytes go to <group>.dlq with the reason and origin', async () => {
    const { handle, sent, dead } = harness(AppError.poison('WIRE_FORMAT_INVALID', 'magic byte 103'));
    await handle(message);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.topic).toBe('inventory-service.dlq');
    const [record] = sent[0]!.messages;
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
    const { handle, sent } = harness(transient);
    await expect(handle(message)).rejects.toBe(transient);
    expect(sent).toEqual([]);
  });

  it('given success, then nothing is sent', async () => {
    const { handle, sent } = harness(undefined);
    await handle(message);
    expect(sent).toEqual([]);
  });
});
