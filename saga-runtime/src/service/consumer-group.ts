import type { Kafka } from 'kafkajs';
import type { DatabaseHandle } from '../db/database';
import type { Logger } from '../logger';
import { type RunningConsumer, startConsumer } from '../messaging/consumer';
import type { EventMapBase } from '../messaging/event';
import type { HandlerMap } from '../messaging/handler';
import { compose } from '../messaging/message';
import type { OutboxContext } from '../messaging/outbox';
import { parkingProtocol } from '../messaging/parking-protocol';
import { applyRuns } from '../messaging/pipeline/apply';
import { deadLetter } from '../messaging/pipeline/dead-letter';
import { isolate } from '../messaging/pipeline/isolate';
import { parking } from '../messaging/pipeline/parking';
import { retry } from '../messaging/pipeline/retry';
import type { Publish } from '../messaging/publish';
import type { Metrics } from '../telemetry/metrics';

export interface ConsumerGroupOptions<M extends EventMapBase> {
  groupId: string;
  /** What the group subscribes to, as the saga's declaration says. */
  topics: readonly string[];
  handlers: HandlerMap<M>;
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

/**
 * One consumer group: its partitions' messages, in runs, through the one pipeline
 * isolate → dead letter → retry → parking → apply (decode, one transaction, inbox, handlers).
 */
export function startConsumerGroup<M extends EventMapBase>(
  options: ConsumerGroupOptions<M>,
): Promise<RunningConsumer> {
  const { groupId, metrics, logger, publish } = options;
  const protocol = parkingProtocol(options.database.sql, groupId);
  const handle = compose(
    [
      isolate,
      deadLetter({
        publish,
        topic: options.deadLetterTopic,
        groupId,
        logger,
        onDeadLettered: async (message, code, position) => {
          metrics.deadLettered.inc({ topic: message.topic, code });
          await protocol.block(message, position);
        },
      }),
      retry({ logger }),
      parking({ protocol, publish, logger }),
    ],
    applyRuns<M>({
      db: options.database.db,
      groupId,
      handlers: options.handlers,
      decode: options.decode,
      outbox: options.outbox,
      logger,
      onDuplicate: (topic) => metrics.duplicatesSkipped.inc({ topic }),
      onHandled: (topic, seconds) => {
        metrics.eventsConsumed.inc({ topic });
        metrics.handlerDuration.observe({ topic }, seconds);
      },
    }),
  );
  return startConsumer({
    kafka: options.kafka,
    groupId,
    topics: [...options.topics],
    handle,
    batchSize: options.batchSize,
    logger,
    onFatal: () => process.exit(1),
  });
}
