export { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
// Services register metrics of their own on the registry `Metrics` carries.
export { Counter } from 'prom-client';
export {
  type AvroCodec,
  type AvroCodecOptions,
  type CodecRegistry,
  createAvroCodec,
  type DecodedMessage,
} from './avro/codec';
export {
  frameWire,
  MAGIC_BYTE,
  parseWireHeader,
  WIRE_HEADER_LENGTH,
  type WireMessage,
} from './avro/wire-format';
export {
  type BaseConfig,
  baseConfigShape,
  type Config,
  type ConfigCheck,
  ConfigError,
  type ConfigIssue,
  type ConfigShape,
  configChecks,
  configKeys,
  DEV_ADMIN_TOKEN,
  type Env,
  envBoolean,
  envList,
  loadConfig,
  withChecks,
} from './config';
export { connectDatabase, type Database, type DatabaseHandle, type Executor, type Tx } from './db/database';
export type { DecideContext, Decider, Decision, Published } from './decider/decider';
export {
  type DeciderStore,
  type Handled,
  handleWithDecider,
  type UnitOfWork,
} from './decider/handle-with-decider';
export { inOwnTransaction, type OwnTransactionDeps } from './decider/own-transaction';
export { AppError, type AppErrorInit, classifyError, type FieldError } from './errors';
export { requireAdmin } from './http/admin-auth';
export { PlainText, ProblemSchema, problemResponses, UuidParam } from './http/openapi-common';
export {
  notFoundHandler,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  problemDetails,
  problemHandler,
  problemResponse,
  toAppError,
} from './http/problem';
export {
  createRouter,
  createServiceApp,
  type ReadinessCheck,
  type ServiceAppOptions,
} from './http/service-app';
export { fieldErrors, validationHook } from './http/validation';
export {
  type EnsureTopicsOptions,
  ensureTopics,
  groupLag,
  type PartitionLag,
  type TopicSpec,
  waitForKafka,
} from './kafka/admin';
export { type CreateKafkaOptions, createKafka, kafkaLogCreator } from './kafka/client';
export {
  createLogger,
  LOG_LEVELS,
  type LogExtra,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  type LogSink,
} from './logger';
export type { EventMapBase, EventMetadata, IncomingEvent, SagaEvent } from './messaging/event';
export type {
  EventHandler,
  HandlerContext,
  HandlerMap,
  Handlers,
  ServiceContract,
  ServicePublisher,
} from './messaging/handler';
export { deadLetterHeaders, headerNames } from './messaging/headers';
export { type OutboxContext, outboxPublisher, type Publisher } from './messaging/outbox';
export { bootService, type ServiceDefinition, type ServiceDeps } from './service/boot';
export {
  type Closer,
  onShutdown,
  type ShutdownOptions,
  type ShutdownRegistry,
  type SignalSource,
} from './shutdown';
export { createMetrics, type Metrics } from './telemetry/metrics';
export { annotateActiveSpan, contextFrom, inSpan, sagaAttributes } from './telemetry/spans';
