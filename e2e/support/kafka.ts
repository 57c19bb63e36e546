import { randomUUID } from 'node:crypto';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { urls } from '@saga/infra/settings';
import { groupLag } from '@saga/saga-runtime';
import { eventTopics } from '@saga/schemas';
import { type IHeaders, Kafka, logLevel } from 'kafkajs';
import { eventually } from './eventually';

export const kafka = new Kafka({ clientId: 'e2e', brokers: urls.kafkaBrokers, logLevel: logLevel.NOTHING });
export const registry = new SchemaRegistry({ host: urls.registry });

/** The consumer group of each service that takes part in the saga. */
export const sagaGroups = ['order-service', 'inventory-service', 'payment-service', 'notification-service'];

export interface RecordedEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** Every event of one order's saga, read from the start of every event topic. */
export async function eventsOfOrder(orderId: string, expected: number): Promise<RecordedEvent[]> {
  const groupId = `e2e-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  const found: RecordedEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [...eventTopics], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (message.key?.toString() !== orderId || !message.value) return;
      found.push({
        topic,
        partition,
        offset: message.offset,
        key: orderId,
        value: message.value,
        headers: textHeaders(message.headers ?? {}),
      });
    },
  });
  try {
    await eventually(
      async () => (found.length >= expected ? true : undefined),
      30_000,
      `${expected} events of ${orderId}`,
    );
    return found;
  } finally {
    await consumer.disconnect();
    await deleteGroup(groupId);
  }
}

/** Sends the same bytes and headers again: a redelivery as a consumer would see it. */
export async function republish(events: RecordedEvent[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (const event of events) {
    await producer.send({
      topic: event.topic,
      messages: [{ key: event.key, value: event.value, headers: event.headers }],
    });
  }
  await producer.disconnect();
}

/** Waits until every service's consumer group has committed up to the end of every topic. */
export async function consumersCaughtUp(groups: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await eventually(
      async () => {
        for (const group of groups) {
          if ((await groupLag(admin, group)).some((row) => row.lag > 0)) return undefined;
        }
        return true;
      },
      60_000,
      'consumer groups to catch up',
    );
  } finally {
    await admin.disconnect();
  }
}

function textHeaders(headers: IHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, String(Array.isArray(value) ? value[0] : value)]),
  );
}

/** Readers leave no consumer group behind to clutter `pnpm replay groups`. */
async function deleteGroup(groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
}
