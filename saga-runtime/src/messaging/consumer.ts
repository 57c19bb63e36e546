import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '../logger';
import { readHeaders } from './event';
import { type BatchHandler, type MessageHandler, ProcessingAbandoned, type RawMessage } from './message';

export interface ConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** The composed middleware chain; it throws only to abandon a message (never commit it). */
  handle: MessageHandler;
  /** Optional fast path for runs of messages; what it does not apply goes through `handle`. */
  handleBatch?: BatchHandler;
  /** The longest run given to `handleBatch`; 1 turns the fast path off. */
  batchSize?: number;
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

// A long batch still commits its progress this often, bounding what a crash redelivers.
const commitIntervalMs = 500;

/**
 * Offsets are committed by hand, only for messages whose chain (and so whose database
 * transaction) finished; a crash redelivers at most the uncommitted end of a batch, which the
 * inbox skips.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { logger } = options;
  const batchSize = options.batchSize ?? 1;
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
      let handled: string | undefined;
      let committedAt = Date.now();
      // Commits what this batch handled so far; false when the group moved on without us.
      const commit = async (): Promise<boolean> => {
        if (handled === undefined) return true;
        const offset = (BigInt(handled) + 1n).toString();
        handled = undefined;
        committedAt = Date.now();
        try {
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset }]);
          return true;
        } catch (error) {
          if (!lostMembership(error)) throw error;
          // E.g. the event loop starved our heartbeats: kafkajs rejoins, and whoever owns the
          // partition now redelivers what is not committed, which the inbox then skips.
          logger.warn('group membership lost while committing; rejoining', {
            topic: batch.topic,
            partition: batch.partition,
          });
          return false;
        }
      };
      const messages: RawMessage[] = batch.messages.map((message) => ({
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        headers: readHeaders(message.headers ?? {}),
        timestamp: message.timestamp,
        control,
      }));
      const handledUpTo = (index: number) => {
        handled = messages[index]!.offset;
        resolveOffset(handled);
      };
      for (let index = 0; index < messages.length && control.isActive(); ) {
        const run = messages.slice(index, index + batchSize);
        const applied = options.handleBatch && batchSize > 1 ? await options.handleBatch(run) : 0;
        index += applied;
        if (applied > 0) handledUpTo(index - 1);
        // The first message the fast path left goes through the chain on its own, not back into a run.
        if (applied < run.length) {
          try {
            await options.handle(messages[index]!);
          } catch (error) {
            if (!(error instanceof ProcessingAbandoned)) {
              // Typically the dead-letter topic itself is unreachable: wait rather than spin.
              logger.error('message handling escaped the middleware chain', {
                err: error,
                topic: batch.topic,
              });
              await new Promise((resolve) => setTimeout(resolve, 1000));
            }
            // Unresolved: kafkajs fetches this partition again from the last committed offset.
            break;
          }
          handledUpTo(index);
          index += 1;
        }
        // Offsets are committed per batch, not per message: each message's transaction has
        // committed already, so a crash only redelivers what the inbox will skip.
        if (Date.now() - committedAt >= commitIntervalMs && !(await commit())) return;
        await heartbeat();
      }
      await commit();
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
