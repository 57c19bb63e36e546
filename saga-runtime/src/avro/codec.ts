import { type SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { AppError, type FieldError } from '../errors';
import { frameWire, parseWireHeader } from './wire-format';

/** The registry calls the codec needs; a SchemaRegistry from @kafkajs/confluent-schema-registry fits. */
export type CodecRegistry = Pick<SchemaRegistry, 'getRegistryIdBySchema' | 'getSchema'>;

export interface AvroCodecOptions {
  registry: CodecRegistry;
  /** Each topic's value schema (subject `${topic}-value`), as parsed JSON or as JSON text. */
  schemas: Readonly<Record<string, object | string>>;
}

export interface DecodedMessage {
  value: unknown;
  schemaId: number;
  /** Known when the caller passed it, or the writer schema identifies exactly one local topic. */
  topic?: string;
}

export interface AvroCodec<Events extends Record<string, unknown> = Record<string, unknown>> {
  /** Throws the poison error `encode` would, without asking the registry: for checking before a write. */
  validate(topic: string, value: unknown): void;
  encode<T extends keyof Events & string>(topic: T, value: Events[T]): Promise<Buffer>;
  decode(buffer: Buffer, options?: { topic?: string }): Promise<DecodedMessage>;
}

interface LocalSchema {
  type: avro.Type;
  text: string;
}

export function createAvroCodec<Events extends Record<string, unknown> = Record<string, unknown>>({
  registry,
  schemas,
}: AvroCodecOptions): AvroCodec<Events> {
  const locals = new Map<string, LocalSchema>();
  const topicsByName = new Map<string, string[]>();
  for (const [topic, schema] of Object.entries(schemas)) {
    const text = typeof schema === 'string' ? schema : JSON.stringify(schema);
    const type = avro.Type.forSchema(JSON.parse(text));
    locals.set(topic, { type, text });
    if (type.name) topicsByName.set(type.name, [...(topicsByName.get(type.name) ?? []), topic]);
  }
  const idsByTopic = new Map<string, Promise<number>>();
  const topicsById = new Map<number, string>();
  const resolvers = new Map<string, avro.Resolver | undefined>();

  const idFor = (topic: string, local: LocalSchema): Promise<number> => {
    let id = idsByTopic.get(topic);
    if (!id) {
      const subject = `${topic}-value`;
      id = registry
        .getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: local.text })
        .then((found) => {
          topicsById.set(found, topic);
          return found;
        })
        .catch((err: unknown) => {
          // Forget the failure so that a later call asks the registry again.
          idsByTopic.delete(topic);
          throw isNotFound(err)
            ? AppError.transient(
                'SCHEMA_NOT_REGISTERED',
                `The local schema of ${topic} is not registered under ${subject}; register schemas first`,
                err,
              )
            : registryUnavailable(err);
        });
      idsByTopic.set(topic, id);
    }
    return id;
  };

  const writerType = async (schemaId: number): Promise<avro.Type> => {
    let schema: unknown;
    try {
      // The client caches schemas by id, so only the first message of each writer schema asks the registry.
      schema = await registry.getSchema(schemaId);
    } catch (err) {
      if (isNotFound(err)) throw AppError.poison('SCHEMA_UNKNOWN', `No schema with id ${schemaId}`, err);
      throw registryUnavailable(err);
    }
    if (!avro.Type.isType(schema)) {
      throw AppError.poison('SCHEMA_TYPE_UNSUPPORTED', `Schema ${schemaId} is not an Avro schema`);
    }
    return schema as avro.Type;
  };

  const resolverFor = (schemaId: number, topic: string, reader: avro.Type, writer: avro.Type) => {
    const key = `${schemaId}:${topic}`;
    if (!resolvers.has(key)) {
      try {
        resolvers.set(key, reader.equals(writer) ? undefined : reader.createResolver(writer));
      } catch (err) {
        throw AppError.poison(
          'SCHEMA_INCOMPATIBLE',
          `Writer schema ${schemaId} cannot be read as the local schema of ${topic}`,
          err,
        );
      }
    }
    return resolvers.get(key);
  };

  const validLocal = (topic: string, value: unknown): LocalSchema => {
    const local = locals.get(topic);
    if (!local) throw AppError.poison('SCHEMA_MISSING', `No local schema for topic ${topic}`);
    const errors = invalidFields(local.type, value);
    if (errors.length > 0) {
      const paths = errors.map((e) => e.path).join(', ');
      throw AppError.poison('EVENT_INVALID', `Invalid ${topic} event at ${paths}`, undefined, errors);
    }
    return local;
  };

  // Plain closures rather than methods on a class, so callers may pass `codec.encode` around unbound.
  return {
    validate(topic, value) {
      validLocal(topic, value);
    },

    async encode(topic, value) {
      const local = validLocal(topic, value);
      return frameWire(await idFor(topic, local), local.type.toBuffer(value));
    },

    async decode(buffer, options = {}) {
      const { schemaId, payload } = parseWireHeader(buffer);
      const writer = await writerType(schemaId);
      const topic = options.topic ?? topicsById.get(schemaId) ?? uniqueTopic(topicsByName, writer.name);
      const reader = topic === undefined ? undefined : locals.get(topic)?.type;
      const resolver = reader && topic ? resolverFor(schemaId, topic, reader, writer) : undefined;
      let value: unknown;
      try {
        value = (reader ?? writer).fromBuffer(payload, resolver);
      } catch (err) {
        throw AppError.poison('PAYLOAD_INVALID', `Payload does not match writer schema ${schemaId}`, err);
      }
      return topic === undefined ? { value, schemaId } : { value, schemaId, topic };
    },
  };
}

/** Every place where `value` breaks the schema; values themselves stay out, they may hold personal data. */
function invalidFields(type: avro.Type, value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  type.isValid(value, {
    noUndeclaredFields: true,
    errorHook: (path, invalid, failing) => {
      errors.push({ path: path.join('.') || '(root)', message: describeMismatch(failing, invalid) });
    },
  });
  return errors;
}

function describeMismatch(type: avro.Type, value: unknown): string {
  if (type.typeName === 'record' && isPlainObject(value)) {
    const declared = new Set((type as avro.types.RecordType).fields.map((f) => f.name));
    const extra = Object.keys(value).filter((key) => !declared.has(key));
    if (extra.length > 0) return `undeclared field(s) ${extra.join(', ')}`;
  }
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return `expected ${type.name ?? type.typeName}, got ${got}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function uniqueTopic(topicsByName: Map<string, string[]>, name: string | undefined): string | undefined {
  const topics = name ? topicsByName.get(name) : undefined;
  return topics?.length === 1 ? topics[0] : undefined;
}

function isNotFound(err: unknown): boolean {
  const failure = err as { name?: unknown; status?: unknown } | null;
  // getRegistryIdBySchema turns a 404 into a bare ConfluentSchemaRegistryError and drops the status.
  return failure?.status === 404 || failure?.name === 'ConfluentSchemaRegistryError';
}

function registryUnavailable(err: unknown): AppError {
  // Any other registry failure is the registry's, not the message's: retry rather than dead-letter.
  return AppError.transient('SCHEMA_REGISTRY_UNAVAILABLE', 'The schema registry could not be used', err);
}
