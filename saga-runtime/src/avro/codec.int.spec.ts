import { randomBytes, randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { testStack } from '../testing/test-stack';
import { createAvroCodec } from './codec';
import { frameWire, parseWireHeader } from './wire-format';

const registryUrl = testStack.registry();

// A subject of its own per run, so reruns and other tests never see each other's schemas.
const topic = `runtime-codec-it-${randomUUID()}`;
const subject = `${topic}-value`;
const schema = {
  type: 'record',
  name: 'CodecProbe',
  namespace: 'saga.test',
  fields: [
    { name: 'eventId', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'amounts', type: { type: 'array', items: 'int' } },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

async function poisonCode(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).retryable).toBe(false);
  return (err as AppError).code;
}

describe('avro codec against the schema registry', () => {
  const registry = new SchemaRegistry({ host: registryUrl });
  const codec = createAvroCodec({ registry, schemas: { [topic]: schema } });
  let schemaId: number;

  beforeAll(async () => {
    ({ id: schemaId } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject },
    ));
  });

  afterAll(async () => {
    // Confluent-compatible registries delete a subject softly first; the second call removes it for good.
    const url = `${registryUrl}/subjects/${encodeURIComponent(subject)}`;
    await fetch(url, { method: 'DELETE' });
    await fetch(`${url}?permanent=true`, { method: 'DELETE' });
  });

  it('round-trips a value through the wire format with the registered id', async () => {
    const value = { eventId: randomUUID(), occurredAt: 1_900_000_000_000, amounts: [1, 2], note: 'hi' };
    const bytes = await codec.encode(topic, value);
    expect(bytes[0]).toBe(0);
    expect(bytes.readUInt32BE(1)).toBe(schemaId);
    expect(parseWireHeader(bytes).schemaId).toBe(schemaId);

    const fresh = createAvroCodec({
      registry: new SchemaRegistry({ host: registryUrl }),
      schemas: { [topic]: schema },
    });
    expect(await fresh.decode(bytes)).toEqual({ value, schemaId, topic });
  });

  it('refuses to encode an invalid value', async () => {
    expect(await poisonCode(codec.encode(topic, { eventId: 'x', occurredAt: 'soon', amounts: [] }))).toBe(
      'EVENT_INVALID',
    );
  });

  it('does not register a schema it cannot find', async () => {
    const unregistered = `${topic}-unregistered`;
    const local = createAvroCodec({ registry, schemas: { [unregistered]: schema } });
    const err = await local
      .encode(unregistered, { eventId: 'x', occurredAt: 1, amounts: [] })
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'SCHEMA_NOT_REGISTERED', retryable: true });
    const subjects = (await (await fetch(`${registryUrl}/subjects`)).json()) as string[];
    expect(subjects).not.toContain(`${unregistered}-value`);
  });

  it('treats an unknown schema id and random bytes as poison', async () => {
    expect(await poisonCode(codec.decode(frameWire(2_000_000_000, Buffer.from([2, 0]))))).toBe(
      'SCHEMA_UNKNOWN',
    );
    const noise = randomBytes(64);
    noise[0] = 0x7b;
    expect(await poisonCode(codec.decode(noise))).toBe('WIRE_FORMAT_INVALID');
  });

  it('reports an unreachable registry as transient', async () => {
    const offline = createAvroCodec({
      registry: new SchemaRegistry({ host: 'http://127.0.0.1:9/apis/ccompat/v7', retry: { retries: 0 } }),
      schemas: { [topic]: schema },
    });
    const err = await offline.decode(frameWire(schemaId, Buffer.alloc(4))).catch((e) => e);
    expect(err).toMatchObject({ code: 'SCHEMA_REGISTRY_UNAVAILABLE', retryable: true });
  });
});
