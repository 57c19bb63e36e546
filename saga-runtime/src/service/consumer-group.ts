import type { Kafka } from 'kafkajs';
import type { DatabaseHandle } from '../db/database';
import type { Logger } from '../logger';
import { alreadyApplied } from '../messaging/applied-offsets';
import { type RunningConsumer, startConsumer } from '../messaging/consumer';
import type { EventMapBase } from '../messaging/event';
import type { HandlerMap, Projector } from '../messaging/handler';
import { compose } from '../messaging/message';
import type { OutboxContext } from '../messaging/outbox';
import { parkingIndex } from '../messaging/parking-index';
import { parkingProtocol } from '../messaging/parking-protocol';
import { applyRuns } from '../messaging/pipeline/apply';
import { deadLetter } from '../messaging/pipeline/dead-letter';
import { isolate } from '../messaging/pipeline/isolate';
import { parking } from '../messaging/pipeline/parking';
import { projectRuns } from '../messaging/pipeline/project';
import { retry } from '../messaging/pipeline/retry';
import type { Publish } from '../messaging/publish';
import type { Metrics } from '../telemetry/metrics';

export interface ConsumerGroupOptions<M extends EventMapBase> {
  groupId: string;
  /** What the group subscribes to, as the saga's declaration says. */
  topics: readonly string[];
  /** The saga's steps, event by event; or a read model's projector, run by run. */
  handlers: { saga: HandlerMap<M> } | { projector: Projector<M> };
  /** Where the group's dead letters go. */
  deadLetterTopic: string;
  kafka: Kafka;
  database: DatabaseHandle;
  publish: Publish;
  decode(buffer: Buffer, topic: string): Promise<{ value: unknown }>;
  outbox: Omit<OutboxContext, 'causation'>;
  metrics: Metrics;
  logger: Logger;
  batchSize: number;
}

// A read model may lag a little: fetches that wait for more data cost Kafka and the service far
// less per event than one fetch per event at low load, and its runs are longer. A second, not a
// quarter: idle, the order service's CPU went from 3 to 2 % of a core.
const readModelFetch = { minBytes: 64 * 1024, maxWaitTimeInMs: 1000 };
const readModelBatchSize = 500;
// Every partition of a fetch at once: their runs are projected together (see projectRuns).
const readModelConcurrency = 64;

/**
 * One consumer group: its partitions' messages, in runs, through one pipeline. The saga's group:
 * isolate → dead letter → retry → parking → apply (decode, one transaction, inbox, handlers).
 * A read model's group: isolate → dead letter → retry → project (decode, one transaction).
 */
export function startConsumerGroup<M extends EventMapBase>(
  options: ConsumerGroupOptions<M>,
): Promise<RunningConsumer> {
  const { groupId, metrics, logger, publish } = options;
  const protocol = parkingProtocol(options.database.sql, groupId);
  const index = parkingIndex(() => protocol.blockedKeys());
  const onHandled = (topic: string, seconds: number) => {
    metrics.eventsConsumed.inc({ topic });
    metrics.handlerDuration.observe({ topic }, seconds);
  };
  const readModel = 'projector' in options.handlers;
  const dead = deadLetter({
    publish,
    topic: options.deadLetterTopic,
    groupId,
    logger,
    onDeadLettered: async (message, code, position) => {
      metrics.deadLettered.inc({ group: groupId, topic: message.topic, code });
      // A read model keeps no per-key order, so nothing waits behind its dead letters.
      if (readModel) return;
      await protocol.block(message, position);
      if (message.key) index.blocked(message.key.toString());
    },
  });
  const handle =
    'projector' in options.handlers
      ? compose(
          [isolate, dead, retry({ logger })],
          projectRuns<M>({
            db: options.database.db,
            project: options.handlers.projector,
            decode: options.decode,
            onProjected: onHandled,
          }),
        )
      : compose(
          [
            isolate,
            dead,
            retry({ logger }),
            parking({
              protocol,
              index,
              alreadyApplied: (messages) => alreadyApplied(options.database.db, groupId, messages),
              publish,
              logger,
            }),
          ],
          applyRuns<M>({
            db: options.database.db,
            groupId,
            handlers: options.handlers.saga,
            decode: options.decode,
            outbox: options.outbox,
            logger,
            onDuplicate: (topic) => metrics.duplicatesSkipped.inc({ topic }),
            onHandled,
          }),
        );
  return startConsumer({
    kafka: options.kafka,
    groupId,
    topics: [...options.topics],
    handle,
    batchSize: readModel ? readModelBatchSize : options.batchSize,
    ...(readModel ? { fetch: readModelFetch, concurrency: readModelConcurrency } : {}),
    logger,
    // Partitions may have moved: blocks made by their former owner are loaded.
    onJoin: () => index.reload(),
    onFatal: () => process.exit(1),
  });
}
