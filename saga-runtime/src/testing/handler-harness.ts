import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { type AvroCodec, createAvroCodec } from '../avro/codec';
import { connectDatabase, type DatabaseHandle } from '../db/database';
import { createLogger, type Logger } from '../logger';
import { dispatch, type HandlerMap } from '../messaging/dispatch';
import { type EventMapBase, headerNames } from '../messaging/event';
import type { MessageHandler, RawMessage } from '../messaging/message';

export interface HandlerHarnessOptions<M extends EventMapBase> {
  service: string;
  databaseUrl: string;
  migrationsFolder: string;
  schemas: Record<string, object>;
  handlers(deps: { clock: () => Date; newId: () => string }): HandlerMap<M>;
  clock?: () => Date;
  newId?: () => string;
  registryUrl?: string;
  logger?: Logger;
}

export interface HandlerHarness<M extends EventMapBase> {
  database: DatabaseHandle;
  codec: AvroCodec;
  /** The service's consumer as bootService wires it, minus Kafka and retries: decode, inbox, one transaction, outbox. */
  handle: MessageHandler;
  /** The record the relay would have produced for this event: Avro wire format and saga headers. */
  message<T extends keyof M & string>(
    topic: T,
    event: M[T],
    headers?: Record<string, string>,
  ): Promise<RawMessage>;
  deliver<T extends keyof M & string>(topic: T, event: M[T], headers?: Record<string, string>): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const silentLogger = (service = 'test'): Logger =>
  createLogger({ service, stream: { write: () => true } });

/** Integration tests of a service's handlers against its real database and the real registry. */
export function handlerHarness<M extends EventMapBase>(options: HandlerHarnessOptions<M>): HandlerHarness<M> {
  const database = connectDatabase(options.databaseUrl, {
    max: 5,
    applicationName: `${options.service}-int-test`,
  });
  const registry = new SchemaRegistry({
    host: options.registryUrl ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
  });
  const codec = createAvroCodec({ registry, schemas: options.schemas });
  const deps = {
    clock: options.clock ?? (() => new Date()),
    newId: options.newId ?? (() => crypto.randomUUID()),
  };
  const handle = dispatch<M>({
    db: database.db,
    groupId: `${options.service}-service`,
    handlers: options.handlers(deps),
    decode: (buffer, topic) => codec.decode(buffer, { topic }),
    outbox: { producer: options.service, validate: codec.validate, traceContext: () => ({}) },
    logger: options.logger ?? silentLogger(options.service),
  });
  let offset = 0;

  async function message<T extends keyof M & string>(
    topic: T,
    event: M[T],
    headers: Record<string, string> = {},
  ) {
    return rawMessage(
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
  }

  return {
    database,
    codec,
    handle,
    message,
    deliver: async (topic, event, headers) => handle(await message(topic, event, headers)),
    migrate: () => database.migrate(options.migrationsFolder),
    close: () => database.close(),
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
