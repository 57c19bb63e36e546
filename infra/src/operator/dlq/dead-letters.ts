import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface DeadLetter {
  /** `<partition>:<offset>` in the dead-letter topic. */
  id: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Reads a dead-letter topic from start to end without committing anything for anyone. */
export async function readDeadLetters(kafka: Kafka, topic: string): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  const pending = new Map(
    ends.filter((end) => Number(end.high) > Number(end.low)).map((end) => [end.partition, Number(end.high)]),
  );
  const groupId = `dlq-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  const letters: DeadLetter[] = [];
  try {
    if (pending.size === 0) return [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`reading ${topic} took longer than 60 s`)), 60_000);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            letters.push({
              id: `${partition}:${message.offset}`,
              key: message.key?.toString() ?? null,
              value: message.value,
              headers: Object.fromEntries(
                Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
              ),
            });
            if (Number(message.offset) + 1 >= (pending.get(partition) ?? 0)) pending.delete(partition);
            if (pending.size === 0) {
              clearTimeout(timeout);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    return letters.sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
