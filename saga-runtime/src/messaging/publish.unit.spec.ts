import type { Producer, ProducerBatch } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaPublish } from './publish';

function fakeProducer() {
  const batches: ProducerBatch[] = [];
  const producer = {
    sendBatch: async (batch: ProducerBatch) => {
      batches.push(batch);
      return (batch.topicMessages ?? []).map((entry, index) => ({
        topicName: entry.topic,
        partition: index,
        errorCode: 0,
        baseOffset: '40',
      }));
    },
  } as unknown as Producer;
  return { producer, batches };
}

describe('kafkaPublish', () => {
  it('given records of several topics, then one request carries them, each topic in its records order', async () => {
    const { producer, batches } = fakeProducer();
    const record = (topic: string, key: string) => ({ topic, key, value: Buffer.from(key), headers: {} });
    const landed = await kafkaPublish(producer)([record('a', '1'), record('b', '2'), record('a', '3')]);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.acks).toBe(-1);
    expect(batches[0]?.topicMessages?.map((t) => [t.topic, t.messages.map((m) => m.key)])).toEqual([
      ['a', ['1', '3']],
      ['b', ['2']],
    ]);
    expect(landed).toEqual([
      { topic: 'a', partition: 0, offset: '40' },
      { topic: 'b', partition: 1, offset: '40' },
    ]);
  });

  it('given no records, then nothing is sent', async () => {
    const { producer, batches } = fakeProducer();
    expect(await kafkaPublish(producer)([])).toEqual([]);
    expect(batches).toEqual([]);
  });
});
