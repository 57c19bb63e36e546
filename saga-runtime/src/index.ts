// The runtime as services use it. Tests, operator tools and decider types have subpath entries
// (`./testing`, `./testing/decider`, `./operator`, `./decider`); internals stay unexported.
export { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
export { Counter, Histogram } from 'prom-client';
export { type AvroCodec, createAvroCodec } from './avro/codec';
export { createSchemaRegistry, type RegistryConnection } from './avro/registry';
export {
  baseConfigShape,
  type Config,
  type ConfigShape,
  configKeys,
  connectionSecurityShape,
  envDuration,
  loadConfig,
} from './config';
export type { Database, DatabaseHandle, Executor, Tx } from './db/database';
export { readUnderKeyLock } from './db/key-lock';
export type { Retention } from './db/prune';
export {
  type DeciderStore,
  type Handled,
  handleWithDecider,
  type UnitOfWork,
} from './decider/handle-with-decider';
export { inOwnTransaction, type OwnTransactionDeps } from './decider/own-transaction';
export { AppError } from './errors';
export { requireAdmin } from './http/admin-auth';
export { PlainText, problemResponses, UuidParam } from './http/openapi-common';
export { createRouter, createServiceApp } from './http/service-app';
export { ensureTopics, groupLag, type PartitionLag, waitForKafka } from './kafka/admin';
export { createKafka } from './kafka/client';
export { describeKafkaFailure, type KafkaSecurity, kafkaSecurity, registryAuth } from './kafka/security';
export { createLogger, type Logger } from './logger';
export type { IncomingEvent } from './messaging/event';
export type { EventHandler, HandlerContext, Handlers, Projector, ServiceContract } from './messaging/handler';
export { headerNames } from './messaging/headers';
export { bootService, type ServiceDefinition, type ServiceDeps } from './service/boot';
export { createMetrics, type Metrics } from './telemetry/metrics';
export { annotateActiveSpan, contextFrom, inSpan, sagaAttributes } from './telemetry/spans';
