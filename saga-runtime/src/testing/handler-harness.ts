import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { type AvroCodec, createAvroCodec } from '../avro/codec';
import type { DatabaseHandle } from '../db/database';
import { pruneAll, type Retention } from '../db/prune';
import { createLogger, type Logger } from '../logger';
import type { EventMapBase } from '../messaging/event';
import type { HandlerMap, Projector } from '../messaging/handler';
import { headerNames } from '../messaging/headers';
import { type RawMessage, RunFailure } from '../messaging/message';
import { applyRuns } from '../messaging/pipeline/apply';
import { projectRuns } from '../messaging/pipeline/project';
import { messagingRetentions } from '../service/retention';
import { tableDigests } from './table-digests';
import { testStack } from './test-stack';
import { throwawayDatabase } from './throwaway-database';

// `./testing` is one entry point in package.json: everything tests share is reachable from here.
export { namingProblems } from './metric-conventions';
export { tableDigests } from './table-digests';
export { testStack } from './test-stack';
export {
  type ThrowawayDatabase,
  type ThrowawayDatabaseOptions,
  throwawayDatabase,
} from './throwaway-database';

export interface HandlerHarnessOptions<M extends EventMapBase> {
  service: string;
  /** The consumer group whose inbox the harness claims, as the saga's declaration names it. */
  groupId: string;
  /** A server where the harness may create and drop its own throwaway database. */
  serverUrl?: string;
  migrationsFolder: string;
  schemas: Record<string, object>;
  /** The saga group's handlers, or a read model's projector. */
  handlers(deps: { clock: () => Date; newId: () => string }): HandlerMap<M> | Projector<M>;
  clock?: () => Date;
  newId?: () => string;
  registryUrl?: string;
  logger?: Logger;
}

export interface HandlerHarness<M extends EventMapBase> {
  database: DatabaseHandle;
  codec: AvroCodec<M>;
  /**
   * The service's consumer as bootService wires it, minus Kafka, retries and dead letters:
   * decode, one transaction, inbox, handler, outbox (a read model: decode, one transaction,
   * projector). Rejects with what the handler (or decoding) threw.
   */
  handle(message: RawMessage): Promise<void>;
  /** Several messages as one run of a partition, in one transaction. */
  handleRun(messages: RawMessage[]): Promise<void>;
  /** The record the relay would have produced for this event: Avro wire format, the order id as key, saga headers. */
  message<T extends keyof M & string>(
    topic: T,
    event: M[T],
    headers?: Record<string, string>,
  ): Promise<RawMessage>;
  deliver<T extends keyof M & string>(topic: T, event: M[T], headers?: Record<string, string>): Promise<void>;
  /** The same bytes published again (a relay after a crash): the partition's next offset, produced now. */
  republished(message: RawMessage): RawMessage;
  /**
   * Runs the retentions as the pruning job does, with the messaging ones at zero (every inbox
   * row, published outbox row and dead-lettered offset goes), plus `extra`; rows deleted by table.
   */
  prune(...extra: Retention[]): Promise<Record<string, number>>;
  /** Row count and digest of each table, to compare before and after. */
  digests(tables: readonly string[]): Promise<Record<string, string>>;
  /** Creates the throwaway database and applies the service's migrations to it. */
  setup(): Promise<void>;
  /** Closes the pool and drops the throwaway database. */
  close(): Promise<void>;
}

export const silentLogger = (service = 'test'): Logger =>
  createLogger({ service, stream: { write: () => true } });

/**
 * Integration tests of a service's handlers on a real Postgres and the real registry. Each
 * harness works in a database of its own, created from the service's migrations and dropped at
 * the end, so a running service's relay never sees (and publishes) what tests wrote.
 */
export function handlerHarness<M extends EventMapBase>(options: HandlerHarnessOptions<M>): HandlerHarness<M> {
  const throwaway = throwawayDatabase(options.service, options.migrationsFolder, {
    serverUrl: options.serverUrl,
  });
  const { database } = throwaway;
  const registry = new SchemaRegistry({
    host: options.registryUrl ?? testStack.registry(),
  });
  const codec = createAvroCodec<M>({ registry, schemas: options.schemas });
  const deps = {
    clock: options.clock ?? (() => new Date()),
    newId: options.newId ?? (() => crypto.randomUUID()),
  };
  const handlers = options.handlers(deps);
  const decode = (buffer: Buffer, topic: string) => codec.decode(buffer, { topic });
  const applyRun =
    typeof handlers === 'function'
      ? projectRuns<M>({ db: database.db, project: handlers, decode })
      : applyRuns<M>({
          db: database.db,
          groupId: options.groupId,
          handlers,
          decode,
          // The producer name bootService gives the service's events.
          outbox: { producer: options.service, validate: codec.validate, traceContext: () => ({}) },
          logger: options.logger ?? silentLogger(options.service),
        });
  const handleRun = (messages: RawMessage[]) =>
    applyRun(messages).catch((error: unknown) => {
      throw error instanceof RunFailure ? error.cause : error;
    });
  const handle = (message: RawMessage) => handleRun([message]);
  // Each message gets an offset of its own, as consecutive records of a partition would.
  let offset = 0;

  async function message<T extends keyof M & string>(
    topic: T,
    event: M[T],
    headers: Record<string, string> = {},
  ): Promise<RawMessage> {
    const record = rawMessage(
      topic,
      await codec.encode(topic, event),
      {
        [headerNames.eventId]: event.eventId,
        [headerNames.eventType]: topic,
        [headerNames.correlationId]: event.orderId,
        ...headers,
      },
      offset++,
    );
    // The relay keys every event by its order, which keeps one order's events in one partition.
    return { ...record, key: Buffer.from(event.orderId) };
  }

  return {
    database,
    codec,
    handle,
    handleRun,
    message,
    deliver: async (topic, event, headers) => handle(await message(topic, event, headers)),
    republished: (original) => ({ ...original, offset: String(offset++), timestamp: String(Date.now()) }),
    prune: (...extra) =>
      pruneAll(database.db, [
        ...messagingRetentions({ INBOX_RETENTION: 0, OUTBOX_RETENTION: 0, DEAD_LETTER_RETENTION: 0 }),
        ...extra,
      ]),
    digests: (tables) => tableDigests(database.sql, tables),
    setup: () => throwaway.setup(),
    close: () => throwaway.close(),
  };
}

/** A record as a consumer sees it, for feeding bytes (valid or not) straight into a handler chain. */
export function rawMessage(
  topic: string,
  value: Buffer | null,
  headers: Record<string, string> = {},
  offset = 0,
): RawMessage {
  return {
    topic,
    partition: 0,
    offset: String(offset),
    key: null,
    value,
    headers,
    timestamp: String(Date.now()),
    control: { heartbeat: async () => {}, isActive: () => true },
  };
}

/**
 * For HTTP unit tests of what is refused before any query: every use of the database throws,
 * and `reached()` tells whether a request got that far.
 */
export function untouchableDatabase(): DatabaseHandle & { reached(): boolean } {
  let reached = false;
  const refuse = () => {
    reached = true;
    throw new Error('the database must not be used by this request');
  };
  const db = new Proxy({}, { get: refuse }) as DatabaseHandle['db'];
  return {
    db,
    sql: new Proxy({}, { get: refuse }) as DatabaseHandle['sql'],
    migrate: refuse,
    ping: refuse,
    close: refuse,
    reached: () => reached,
  };
}
