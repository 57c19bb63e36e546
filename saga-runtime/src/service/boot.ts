import { randomUUID } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { type AvroCodec, createAvroCodec } from '../avro/codec';
import { createSchemaRegistry, type RegistryConnection } from '../avro/registry';
import { type BaseConfig, type Config, type ConfigShape, loadConfig } from '../config';
import { connectDatabase, type DatabaseHandle } from '../db/database';
import type { Retention } from '../db/prune';
import { listen } from '../http/listen';
import { createServiceApp } from '../http/service-app';
import { createKafka } from '../kafka/client';
import { describeKafkaFailure, type KafkaSecurity, kafkaSecurity, registryAuth } from '../kafka/security';
import { createLogger, type Logger } from '../logger';
import type { EventMapBase } from '../messaging/event';
import type { GroupHandlers, HandlerMap, Projector, ServiceContract } from '../messaging/handler';
import type { OutboxContext } from '../messaging/outbox';
import { outboxStore } from '../messaging/outbox-store';
import { kafkaPublish } from '../messaging/publish';
import { createRelay } from '../messaging/relay';
import { onShutdown } from '../shutdown';
import { createMetrics, type Metrics, registerConsumerLag, registerOutboxGauges } from '../telemetry/metrics';
import { startConsumerGroup } from './consumer-group';
import { kafkaReachable, registryReachable } from './readiness';
import { messagingRetentions, startPruning } from './retention';
import { traceContextFor } from './trace-context';

/** What a service's routes and handlers are built from: all dependencies, passed in. */
export interface ServiceDeps<C> {
  config: C;
  logger: Logger;
  database: DatabaseHandle;
  codec: AvroCodec;
  /** The outbox settings for writes made outside a consumer (HTTP requests, timers). */
  outbox: Omit<OutboxContext, 'causation'>;
  clock: () => Date;
  newId: () => string;
  metrics: Metrics;
}

/** A consumer group as the saga's declaration names it. */
export interface ConsumerGroupDeclaration {
  id: string;
  dlqTopic: string;
  consumes: readonly string[];
}

export interface ServiceDefinition<S extends ConfigShape, C extends ServiceContract> {
  name: string;
  configShape: S;
  migrationsFolder: string;
  /** Avro schemas of every topic this service produces or consumes. */
  schemas: Record<string, object>;
  /** The service's consumer groups and what it publishes, from the saga's declaration. */
  groups: { [G in keyof C['groups']]: ConsumerGroupDeclaration };
  produces: readonly C['produces'][];
  /**
   * The saga group's (`service`) map, exhaustive over the topics it consumes, and a projector
   * for each read model's group.
   */
  handlers(deps: ServiceDeps<Config<S>>): { [G in keyof C['groups']]: GroupHandlers<C, G> };
  routes?(deps: ServiceDeps<Config<S>>): OpenAPIHono;
  /** Runs after migrations, before any event is consumed or request served (e.g. seeding). */
  prepare?(deps: ServiceDeps<Config<S>>): Promise<void>;
  /** Tables of the service's own that keep rows for a while only; pruned with the messaging ones. */
  retentions?(deps: ServiceDeps<Config<S>>): Retention[];
  /** Background work of the service itself (e.g. timers); returns its stop function. */
  background?(deps: ServiceDeps<Config<S>>): () => Promise<void>;
}

/** The one place where a service is wired together; each service's main.ts calls it. */
export async function bootService<S extends ConfigShape, C extends ServiceContract>(
  definition: ServiceDefinition<S, C>,
): Promise<void> {
  const config = loadConfig(definition.configShape) as Config<S> & BaseConfig;
  const logger = createLogger({
    service: definition.name,
    level: config.LOG_LEVEL,
  });
  try {
    await start(definition, config, logger);
  } catch (error) {
    // One line that says why, instead of an unhandled rejection's stack trace: wrong credentials,
    // a refused ACL or an unreachable dependency are the operator's to fix, not the code's.
    const reason = error instanceof StartupError ? error.message : undefined;
    logger.error('service failed to start', reason ? { reason } : { reason: String(error), err: error });
    process.exit(1);
  }
}

/** A failure at start that one sentence explains completely. */
class StartupError extends Error {
  override readonly name = 'StartupError';
}

/**
 * Connects once with a client of its own that logs nothing, so that a refusal is reported as one
 * line by `bootService` rather than as kafkajs' retries and stack traces.
 */
async function checkKafkaAccess(clientId: string, brokers: string[], security: KafkaSecurity): Promise<void> {
  const admin = createKafka({ clientId, brokers, security }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    throw new StartupError(describeKafkaFailure(error, brokers, security));
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function start<S extends ConfigShape, C extends ServiceContract>(
  definition: ServiceDefinition<S, C>,
  config: Config<S> & BaseConfig,
  logger: Logger,
): Promise<void> {
  const shutdown = onShutdown(logger);
  const metrics = createMetrics(definition.name);
  const database = connectDatabase(config.DATABASE_URL, { applicationName: definition.name });
  registerOutboxGauges(metrics, database.sql);
  shutdown.add('database', () => database.close());
  await database.migrate(definition.migrationsFolder);

  const security = kafkaSecurity(config);
  await checkKafkaAccess(definition.name, config.KAFKA_BROKERS, security);
  const kafka = createKafka({
    clientId: definition.name,
    brokers: config.KAFKA_BROKERS,
    logger,
    security,
  });
  const registryConnection: RegistryConnection = {
    url: config.SCHEMA_REGISTRY_URL,
    auth: registryAuth(config),
  };
  const codec = createAvroCodec({
    registry: createSchemaRegistry(registryConnection),
    schemas: definition.schemas as never,
  });
  const produces = new Set<string>(definition.produces);
  const deps: ServiceDeps<Config<S>> = {
    config,
    logger,
    database,
    codec,
    outbox: {
      producer: definition.name,
      validate: (topic, event) => {
        // The compiler already refuses this; the check keeps plain JavaScript callers honest too.
        if (!produces.has(topic))
          throw new Error(`${definition.name} does not declare that it publishes ${topic}`);
        codec.validate(topic, event);
      },
      traceContext: traceContextFor,
    },
    clock: () => new Date(),
    newId: randomUUID,
    metrics,
  };

  await definition.prepare?.(deps);

  // Idempotent and acks=all; one request in flight keeps each key's events in order.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  shutdown.add('kafka producer', () => producer.disconnect());
  const publish = kafkaPublish(producer);
  const relay = createRelay({
    store: outboxStore(database.sql, definition.name),
    publish,
    encode: codec.encode,
    logger,
    onPublished: (rows) => {
      for (const row of rows) metrics.eventsProduced.inc({ topic: row.topic });
    },
  });
  relay.start();
  shutdown.add('outbox relay', () => relay.stop());
  const pruning = startPruning({
    db: database.db,
    sql: database.sql,
    retentions: [...messagingRetentions(config), ...(definition.retentions?.(deps) ?? [])],
    deadLetterRetentionMs: config.DEAD_LETTER_RETENTION,
    publish,
    intervalMs: config.PRUNE_INTERVAL,
    logger,
    onPruned: (table, count) => metrics.rowsPruned.inc({ table }, count),
  });
  shutdown.add('pruning', () => pruning.stop());

  // The pipeline looks handlers up by topic; the exhaustive typing has done its work by now.
  const handlers = definition.handlers(deps) as unknown as Record<
    string,
    HandlerMap<C['events']> | Projector<C['events']>
  >;
  const groups = declaredGroups(definition.groups, handlers);
  const consumers: { stop(): Promise<void> }[] = [];
  // All at once: each stop waits out its consumer's fetch in flight (up to the broker's max wait),
  // which one after the other would exceed the shutdown deadline.
  shutdown.add('kafka consumers', async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  });
  for (const { groupId, handlers, deadLetterTopic, topics } of groups) {
    const consumer = await startConsumerGroup<C['events']>({
      groupId,
      topics,
      handlers,
      deadLetterTopic,
      kafka,
      database,
      publish,
      decode: (buffer, topic) => codec.decode(buffer, { topic }),
      outbox: deps.outbox,
      metrics,
      logger,
      batchSize: config.CONSUMER_BATCH_SIZE,
    });
    consumers.push(consumer);
  }
  registerConsumerLag(
    metrics,
    kafka,
    groups.map(({ groupId, topics }) => ({ groupId, topics: [...topics] })),
  );

  const stopBackground = definition.background?.(deps);
  if (stopBackground) shutdown.add('background work', stopBackground);

  const app = createServiceApp({
    service: definition.name,
    logger,
    metrics,
    readiness: [
      { name: 'database', check: () => database.ping() },
      { name: 'kafka', check: kafkaReachable(kafka) },
      { name: 'schemaRegistry', check: registryReachable(registryConnection) },
    ],
  });
  const routes = definition.routes?.(deps);
  if (routes) app.route('/', routes);
  const server = listen(app.fetch, { port: config.PORT, keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT });
  // Registered last, closed first: stop taking requests before anything they need goes away.
  shutdown.add(
    'http server',
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would otherwise hold close() open until the shutdown deadline.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }),
  );
  logger.info('service started', { port: config.PORT, groups: groups.map((group) => group.groupId) });
}

/** Each declared group with its handlers; a topic without one stops the service at start. */
function declaredGroups<M extends EventMapBase>(
  declared: Record<string, ConsumerGroupDeclaration>,
  handlers: Record<string, HandlerMap<M> | Projector<M>>,
) {
  return Object.entries(declared)
    .filter(([, group]) => group.consumes.length > 0)
    .map(([name, group]) => {
      const given = handlers[name];
      const common = { groupId: group.id, deadLetterTopic: group.dlqTopic, topics: group.consumes };
      if (name !== 'service') {
        if (typeof given !== 'function') throw new Error(`read model ${group.id} has no projector`);
        return { ...common, handlers: { projector: given } };
      }
      const map: HandlerMap<M> = typeof given === 'object' ? given : {};
      const missing = group.consumes.filter((topic) => !map[topic as keyof M & string]);
      if (missing.length > 0) throw new Error(`group ${group.id} has no handler for ${missing.join(', ')}`);
      return { ...common, handlers: { saga: map } };
    });
}
