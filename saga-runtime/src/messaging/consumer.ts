import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '../logger';
import { readHeaders } from './event';
import { type MessageHandler, ProcessingAbandoned } from './message';

export interface ConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** The composed middleware chain; it throws only to abandon a message (never commit it). */
  handle: MessageHandler;
  logger: Logger;
  /** Partitions processed in parallel (order is kept within each): one retrying partition must not hold up the rest. */
  concurrency?: number;
  fromBeginning?: boolean;
  /** kafkajs gave up (a CRASH it will not restart from): let the supervisor restart us. */
  onFatal(error: unknown): void;
}

export interface RunningConsumer {
  consumer: Consumer;
  stop(): Promise<void>;
}

/**
 * Offsets are committed by hand, one message at a time, after the chain (and so the database
 * transaction) finished; a crash at any point redelivers at most the message in flight.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { logger } = options;
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    // A crashed member is noticed within 10 s, so its partitions do not sit idle for long.
    sessionTimeout: 10_000,
    rebalanceTimeout: 20_000,
    heartbeatInterval: 1_000,
  });
  let stopping = false;
  consumer.on(consumer.events.CRASH, (event) => {
    if (stopping || event.payload.restart) return;
    logger.error('kafka consumer crashed', { err: event.payload.error, group: options.groupId });
    options.onFatal(event.payload.error);
  });
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.concurrency ?? 8,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const control = { heartbeat, isActive: () => !stopping && isRunning() && !isStale() };
      for (const message of batch.messages) {
        if (!control.isActive()) break;
        try {
          await options.handle({
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key,
            value: message.value,
            headers: readHeaders(message.headers ?? {}),
            timestamp: message.timestamp,
            control,
          });
        } catch (error) {
          if (!(error instanceof ProcessingAbandoned)) {
            // Typically the dead-letter topic itself is unreachable: wait rather than spin.
            logger.error('message handling escaped the middleware chain', { err: error, topic: batch.topic });
            await new Promise((resolve) => setTimeout(resolve, 1000));
          }
          // Unresolved: kafkajs fetches this partition again from the last committed offset.
          break;
        }
        resolveOffset(message.offset);
        try {
          await consumer.commitOffsets([
            {
              topic: batch.topic,
              partition: batch.partition,
              offset: (BigInt(message.offset) + 1n).toString(),
            },
          ]);
          await heartbeat();
        } catch (error) {
          if (!lostMembership(error)) throw error;
          // The group moved on without us (e.g. the event loop starved our heartbeats): stop this
          // batch; kafkajs rejoins, and whoever owns the partition now redelivers what is not
          // committed, which the inbox then skips.
          logger.warn('group membership lost while committing; rejoining', {
            topic: batch.topic,
            partition: batch.partition,
          });
          break;
        }
      }
    },
  });
  return {
    consumer,
    async stop() {
      stopping = true;
      await consumer.disconnect();
    },
  };
}

const membershipErrors = new Set([
  'UNKNOWN_MEMBER_ID',
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'NOT_COORDINATOR_FOR_GROUP',
]);

function lostMembership(error: unknown): boolean {
  for (
    let current = error as { type?: string; cause?: unknown; message?: string } | undefined;
    current;
    current = current.cause as typeof current
  ) {
    if (current.type && membershipErrors.has(current.type)) return true;
    if (/not aware of this member|rebalanc|generation/i.test(current.message ?? '')) return true;
  }
  return false;
}
