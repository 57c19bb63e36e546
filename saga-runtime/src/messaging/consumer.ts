import type { Consumer, ConsumerRunConfig, Kafka } from 'kafkajs';
import type { Logger } from '../logger';
import { readHeaders } from './headers';
import { ProcessingAbandoned, type RawMessage, RunFailure, type RunHandler } from './message';
import { offsetCommitter } from './offset-committer';

export interface ConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** The composed pipeline; it throws only to abandon a message (never commit it or what follows). */
  handle: RunHandler;
  /** The longest run of a partition's messages handed to `handle` at once (1: one by one). */
  batchSize?: number;
  logger: Logger;
  /** Partitions processed in parallel (order is kept within each): one retrying partition must not hold up the rest. */
  concurrency?: number;
  fromBeginning?: boolean;
  /** How long a fetch may wait on the broker for at least `minBytes` (kafkajs: 1 byte, 5 s). */
  fetch?: { minBytes: number; maxWaitTimeInMs: number };
  /** The member (re)joined its group, with an assignment that may differ from the last one. */
  onJoin?(): void;
  /** kafkajs gave up (a CRASH it will not restart from): let the supervisor restart us. */
  onFatal(error: unknown): void;
}

export interface RunningConsumer {
  consumer: Consumer;
  stop(): Promise<void>;
}

// Handled offsets are committed this often, bounding what a crash redelivers.
const commitIntervalMs = 500;

/**
 * Offsets are committed by hand, only for messages whose chain (and so whose database
 * transaction) finished; a crash redelivers at most the last half second's messages, which the
 * inbox skips.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { logger } = options;
  const batchSize = options.batchSize ?? 50;
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    // A crashed member is noticed within 10 s, so its partitions do not sit idle for long.
    sessionTimeout: 10_000,
    rebalanceTimeout: 20_000,
    heartbeatInterval: 1_000,
    ...options.fetch,
  });
  let stopping = false;
  const committer = offsetCommitter({
    commit: (offsets) => consumer.commitOffsets(offsets),
    logger: logger.child({ group: options.groupId }),
    intervalMs: commitIntervalMs,
  });
  // Idle partitions' last offsets too: a fetch that brings nothing calls no eachBatch.
  const timer = setInterval(() => void committer.flushIfDue(), commitIntervalMs);
  timer.unref();
  if (options.onJoin) consumer.on(consumer.events.GROUP_JOIN, options.onJoin);
  consumer.on(consumer.events.CRASH, (event) => {
    if (stopping || event.payload.restart) return;
    if (brokerRestarting(event.payload.error)) {
      // kafkajs gives up when the group coordinator is not elected yet (a broker coming back);
      // the group is rejoined instead of restarting the whole service.
      logger.warn('kafka group coordinator unavailable; rejoining', { group: options.groupId });
      void rejoin();
      return;
    }
    logger.error('kafka consumer crashed', { err: event.payload.error, group: options.groupId });
    options.onFatal(event.payload.error);
  });
  async function rejoin(): Promise<void> {
    for (let attempt = 1; !stopping; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** attempt)));
      if (stopping) return;
      try {
        await begin();
        return;
      } catch (error) {
        logger.warn('rejoining the consumer group failed; retrying', { group: options.groupId, err: error });
      }
    }
  }
  const begin = async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run(runConfig);
  };
  const runConfig: ConsumerRunConfig = {
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.concurrency ?? 8,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const control = { heartbeat, isActive: () => !stopping && isRunning() && !isStale() };
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
        const { offset } = messages[index]!;
        resolveOffset(offset);
        committer.handled(batch.topic, batch.partition, offset);
      };
      for (let index = 0; index < messages.length && control.isActive(); ) {
        const run = messages.slice(index, index + batchSize);
        try {
          await options.handle(run);
        } catch (error) {
          const failure = RunFailure.at(0, error);
          if (failure.index > 0) handledUpTo(index + failure.index - 1);
          if (!(failure.cause instanceof ProcessingAbandoned)) {
            // Typically the dead-letter topic itself is unreachable: wait rather than spin.
            logger.error('message handling escaped the pipeline', {
              err: failure.cause,
              topic: batch.topic,
            });
            await new Promise((resolve) => setTimeout(resolve, 1000));
          }
          // Unresolved: kafkajs fetches this partition again from the last committed offset.
          break;
        }
        index += run.length;
        handledUpTo(index - 1);
        await heartbeat();
      }
      // Stopping: what this batch handled is committed before the group is left.
      await (stopping ? committer.flush() : committer.flushIfDue());
    },
  };
  await begin();
  return {
    consumer,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await committer.flush();
      await consumer.disconnect();
    },
  };
}

/** A crash whose root cause is the broker side still electing (a restart), not our code. */
export function brokerRestarting(error: unknown): boolean {
  for (let current = error as { name?: string; cause?: unknown } | undefined; current; ) {
    if (current.name === 'KafkaJSGroupCoordinatorNotFound' || current.name === 'KafkaJSConnectionError') {
      return true;
    }
    current = current.cause as typeof current;
  }
  return /group coordinator/i.test(error instanceof Error ? error.message : '');
}
