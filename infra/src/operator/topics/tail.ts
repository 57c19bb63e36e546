import { randomUUID } from 'node:crypto';
import { AppError, type AvroCodec } from '@saga/saga-runtime';
import { readHeaders } from '@saga/saga-runtime/operator';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

export interface TailOptions {
  topic: string;
  key: string | undefined;
  fromBeginning: boolean;
  last: number;
  follow: boolean;
}

export interface PartitionRead {
  partition: number;
  /** The first offset read. */
  from: number;
  /** The end offset when the read began: without --follow, where it stops. */
  to: number;
}

/** From each partition's start, or `last` messages before its end (fewer when retention removed them). */
export function planRead(
  ends: { partition: number; low: string; high: string }[],
  { fromBeginning, last }: Pick<TailOptions, 'fromBeginning' | 'last'>,
): PartitionRead[] {
  return ends
    .map(({ partition, low, high }) => ({
      partition,
      from: fromBeginning ? Number(low) : Math.max(Number(low), Number(high) - last),
      to: Number(high),
    }))
    .sort((a, b) => a.partition - b.partition);
}

export type ShownValue =
  | { kind: 'avro'; schemaId: number; value: unknown }
  | { kind: 'poison'; bytes: Buffer; reason: string }
  | { kind: 'null' };

export interface ShownMessage {
  partition: number;
  offset: string;
  /** Epoch milliseconds, as Kafka gives them. */
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  value: ShownValue;
}

/** A poison value shows this much of its bytes: enough to recognise JSON or text, short enough for one line. */
const shownBytes = 32;

export function formatMessage({ partition, offset, timestamp, key, headers, value }: ShownMessage): string {
  const headerText = Object.entries(headers)
    .map(([name, text]) => `${name}=${text}`)
    .join('  ');
  return [
    `partition ${partition}  offset ${offset}  ${new Date(Number(timestamp)).toISOString()}  key ${key ?? '(none)'}`,
    `  headers  ${headerText || '(none)'}`,
    `  value    ${formatValue(value)}`,
  ].join('\n');
}

function formatValue(value: ShownValue): string {
  switch (value.kind) {
    case 'avro':
      return `schema ${value.schemaId}  ${JSON.stringify(value.value)}`;
    case 'poison': {
      const more = value.bytes.length > shownBytes ? '…' : '';
      return `undecodable, ${value.bytes.length} bytes ${value.bytes.subarray(0, shownBytes).toString('hex')}${more}: ${value.reason}`;
    }
    case 'null':
      return 'null';
  }
}

/**
 * Values decode with the schema they were written with, fetched from the registry by the id they
 * carry (a codec with no local schemas): the tool shows what was written, whatever this checkout's
 * schemas say. A value that does not decode is shown as such; only a registry that cannot be
 * reached stops the read.
 */
async function shownValue(codec: AvroCodec, bytes: Buffer | null): Promise<ShownValue> {
  if (bytes === null) return { kind: 'null' };
  try {
    const { schemaId, value } = await codec.decode(bytes);
    return { kind: 'avro', schemaId, value };
  } catch (error) {
    if (error instanceof AppError && error.retryable) {
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new Error(`${error.message}${cause}`);
    }
    return { kind: 'poison', bytes, reason: error instanceof Error ? error.message : String(error) };
  }
}

export interface TailContext {
  kafka: Kafka;
  admin: Admin;
  codec: AvroCodec;
  print: (text: string) => void;
  /** Told once the consumer reads, so a follower knows from when on it sees new messages. */
  onReading: () => void;
  /** Ends the read (Ctrl-C); the consumer leaves and its group is deleted. */
  signal: AbortSignal;
}

/**
 * Prints a topic's messages. kafkajs has no manual assign(), so the read happens in a consumer
 * group of its own, with a random id: its only member gets every partition and seeks to where
 * the read starts. It never commits, and the group is deleted at exit, so nothing is left behind.
 */
export async function tail(options: TailOptions, context: TailContext): Promise<void> {
  const { kafka, admin, codec, print, onReading, signal } = context;
  const { topic, key, follow } = options;
  const plan = planRead(await admin.fetchTopicOffsets(topic), options);
  const pending = new Set(plan.filter((read) => read.from < read.to).map((read) => read.partition));
  if ((!follow && pending.size === 0) || signal.aborted) return;
  const groupId = `topics-tail-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic });
    await new Promise<void>((resolve, reject) => {
      signal.addEventListener('abort', () => resolve(), { once: true });
      if (signal.aborted) resolve();
      const endOf = (partition: number) => plan.find((read) => read.partition === partition)?.to ?? 0;
      consumer.on(consumer.events.GROUP_JOIN, onReading);
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) reject(payload.error);
      });
      // Batch events, not messages: a partition may end in records no message shows
      // (transaction markers), and its batch still reports the last offset it read.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        if (Number(payload.lastOffset) + 1 >= endOf(payload.partition)) pending.delete(payload.partition);
        if (!follow && pending.size === 0) resolve();
      });
      const shown = async (partition: number, message: KafkaMessage) => {
        if (!follow && Number(message.offset) >= endOf(partition)) return;
        const messageKey = message.key?.toString() ?? null;
        if (key !== undefined && messageKey !== key) return;
        const { offset, timestamp, headers = {} } = message;
        const value = await shownValue(codec, message.value);
        print(
          formatMessage({
            partition,
            offset,
            timestamp,
            key: messageKey,
            headers: readHeaders(headers),
            value,
          }),
        );
      };
      consumer
        .run({
          autoCommit: false,
          eachMessage: ({ partition, message }) => shown(partition, message).catch(reject),
        })
        .catch(reject);
      // Called right after run(), before the group is joined: the first fetch starts at these offsets.
      for (const { partition, from } of plan) consumer.seek({ topic, partition, offset: String(from) });
    });
  } finally {
    await consumer.disconnect();
    // Best effort: stopped while it was still joining, the group keeps a member until its session
    // times out; then the broker drops it anyway, since it holds no offsets.
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}
