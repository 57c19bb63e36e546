import type { Producer } from 'kafkajs';

export interface OutgoingRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Where a batch landed: one entry per topic-partition written, with the offset of its first record. */
export interface Landed {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The one way the runtime writes to Kafka (relay, dead letters, released parked messages):
 * records of one topic keep their order. A port, so each writer is tested without a broker.
 */
export type Publish = (records: OutgoingRecord[]) => Promise<Landed[]>;

/** The port over a kafkajs producer: one request for the whole batch. */
export function kafkaPublish(producer: Producer): Publish {
  return async (records) => {
    if (records.length === 0) return [];
    const byTopic = new Map<string, Omit<OutgoingRecord, 'topic'>[]>();
    for (const { topic, ...message } of records) {
      const messages = byTopic.get(topic) ?? [];
      messages.push(message);
      byTopic.set(topic, messages);
    }
    const written = await producer.sendBatch({
      // Every in-sync replica, as an idempotent producer requires: on a cluster whose topics ask
      // for two copies (min.insync.replicas), a broker lost loses no acknowledged event.
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    return written.map((entry) => ({
      topic: entry.topicName,
      partition: entry.partition,
      offset: entry.baseOffset ?? '-1',
    }));
  };
}
