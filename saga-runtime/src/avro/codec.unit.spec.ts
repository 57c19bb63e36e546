import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { type CodecRegistry, createAvroCodec } from './codec';
import { frameWire } from './wire-format';

const v1 = {
  type: 'record',
  name: 'OrderCreated',
  namespace: 'test',
  fields: [
    { name: 'orderId', type: 'string' },
    {
      name: 'items',
      type: {
        type: 'array',
        items: { type: 'record', name: 'Item', fields: [{ name: 'qty', type: 'int' }] },
      },
    },
  ],
} as const;
const v2 = { ...v1, fields: [...v1.fields, { name: 'note', type: 'string', default: 'none' }] };
const other: avro.Schema = { type: 'record', name: 'Other', fields: [{ name: 'x', type: 'int' }] };

/** Ids by subject and schema text, like the registry's lookup; `down` makes every call fail like a socket error. */
function fakeRegistry(registered: { subject: string; schema: object; id: number }[]) {
  const calls = { lookups: 0, gets: 0 };
  let down = false;
  const unreachable = () =>
    Object.assign(new Error('Error, status 400: connect ECONNREFUSED'), { status: 400 });
  const notFound = () => Object.assign(new Error('not found'), { status: 404, name: 'ResponseError' });
  const registry: CodecRegistry = {
    getRegistryIdBySchema: async (subject, schema) => {
      calls.lookups++;
      if (down) throw unreachable();
      const text = (schema as { schema: string }).schema;
      const hit = registered.find((r) => r.subject === subject && JSON.stringify(r.schema) === text);
      if (!hit) throw Object.assign(new Error('Schema not found'), { name: 'ConfluentSchemaRegistryError' });
      return hit.id;
    },
    getSchema: async (id) => {
      calls.gets++;
      if (down) throw unreachable();
      const hit = registered.find((r) => r.id === id);
      if (!hit) throw notFound();
      return avro.Type.forSchema(hit.schema as avro.Schema) as never;
    },
  };
  const setDown = (value: boolean) => {
    down = value;
  };
  return { registry, calls, setDown };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const order = { orderId: 'o-1', items: [{ qty: 2 }] };

describe('createAvroCodec', () => {
  it('encodes to the wire format and decodes back, resolving the id once', async () => {
    const { registry, calls } = fakeRegistry([{ subject: 'order.created-value', schema: v1, id: 7 }]);
    const codec = createAvroCodec({ registry, schemas: { 'order.created': v1 } });
    const bytes = await codec.encode('order.created', order);
    expect([...bytes.subarray(0, 5)]).toEqual([0, 0, 0, 0, 7]);
    await codec.encode('order.created', order);
    expect(calls.lookups).toBe(1);
    expect(await codec.decode(bytes)).toEqual({ value: order, schemaId: 7, topic: 'order.created' });
  });

  it('accepts schemas as JSON text', async () => {
    const { registry } = fakeRegistry([{ subject: 'order.created-value', schema: v1, id: 7 }]);
    const codec = createAvroCodec({ registry, schemas: { 'order.created': JSON.stringify(v1) } });
    expect((await codec.decode(await codec.encode('order.created', order))).value).toEqual(order);
  });

  it('rejects invalid values as poison listing each path, without echoing values', async () => {
    const { registry, calls } = fakeRegistry([{ subject: 'order.created-value', schema: v1, id: 7 }]);
    const codec = createAvroCodec({ registry, schemas: { 'order.created': v1 } });
    const err = await failure(codec.encode('order.created', { orderId: 42, items: [{ qty: 'two' }] }));
    expect(err).toMatchObject({ code: 'EVENT_INVALID', retryable: false });
    expect(err.detail).toBe('Invalid order.created event at orderId, items.0.qty');
    expect(err.errors).toEqual([
      { path: 'orderId', message: 'expected string, got number' },
      { path: 'items.0.qty', message: 'expected int, got string' },
    ]);
    const extra = await failure(codec.encode('order.created', { ...order, secretField: 'x' }));
    expect(extra.errors).toEqual([{ path: '(root)', message: 'undeclared field(s) secretField' }]);
    expect(calls.lookups).toBe(0);
  });

  it('validates without the registry, throwing what encode would', () => {
    const { registry, calls } = fakeRegistry([]);
    const { validate } = createAvroCodec({ registry, schemas: { 'order.created': v1 } });
    expect(() => validate('order.created', order)).not.toThrow();
    expect(() => validate('order.created', { orderId: 'o-1' })).toThrow(
      expect.objectContaining({ code: 'EVENT_INVALID', detail: 'Invalid order.created event at items' }),
    );
    expect(() => validate('nope', order)).toThrow(expect.objectContaining({ code: 'SCHEMA_MISSING' }));
    expect(calls.lookups + calls.gets).toBe(0);
  });

  it('refuses topics without a local schema', async () => {
    const codec = createAvroCodec({ registry: fakeRegistry([]).registry, schemas: {} });
    expect(await failure(codec.encode('nope', {}))).toMatchObject({
      code: 'SCHEMA_MISSING',
      retryable: false,
    });
  });

  it('does not register on its own and asks again after a failed lookup', async () => {
    const registered: { subject: string; schema: object; id: number }[] = [];
    const { registry, calls, setDown } = fakeRegistry(registered);
    const codec = createAvroCodec({ registry, schemas: { 'order.created': v1 } });
    expect(await failure(codec.encode('order.created', order))).toMatchObject({
      code: 'SCHEMA_NOT_REGISTERED',
      retryable: true,
    });
    setDown(true);
    expect(await failure(codec.encode('order.created', order))).toMatchObject({
      code: 'SCHEMA_REGISTRY_UNAVAILABLE',
      retryable: true,
    });
    setDown(false);
    registered.push({ subject: 'order.created-value', schema: v1, id: 9 });
    expect([...(await codec.encode('order.created', order)).subarray(0, 5)]).toEqual([0, 0, 0, 0, 9]);
    expect(calls.lookups).toBe(3);
  });

  it('resolves an older writer schema to the local reader schema', async () => {
    const { registry } = fakeRegistry([
      { subject: 'order.created-value', schema: v1, id: 1 },
      { subject: 'order.created-value', schema: v2, id: 2 },
    ]);
    const producer = createAvroCodec({ registry, schemas: { 'order.created': v1 } });
    const consumer = createAvroCodec({ registry, schemas: { 'order.created': v2 } });
    const bytes = await producer.encode('order.created', order);
    // The consumer never encoded with id 1, so it finds the topic by the record's name.
    expect(await consumer.decode(bytes)).toEqual({
      value: { ...order, note: 'none' },
      schemaId: 1,
      topic: 'order.created',
    });
  });

  it('decodes with the writer schema when no local schema fits', async () => {
    const { registry } = fakeRegistry([{ subject: 'other-value', schema: other, id: 3 }]);
    const bytes = frameWire(3, avro.Type.forSchema(other).toBuffer({ x: 5 }));
    const codec = createAvroCodec({ registry, schemas: { 'order.created': v1 } });
    expect(await codec.decode(bytes)).toEqual({ value: { x: 5 }, schemaId: 3 });
  });

  it('treats a writer schema the reader cannot resolve as poison', async () => {
    const { registry } = fakeRegistry([{ subject: 'other-value', schema: other, id: 3 }]);
    const bytes = frameWire(3, avro.Type.forSchema(other).toBuffer({ x: 5 }));
    const codec = createAvroCodec({ registry, schemas: { 'order.created': v1 } });
    const err = await failure(codec.decode(bytes, { topic: 'order.created' }));
    expect(err).toMatchObject({ code: 'SCHEMA_INCOMPATIBLE', retryable: false });
  });

  it('classifies decode failures', async () => {
    const { registry, setDown } = fakeRegistry([{ subject: 'order.created-value', schema: v1, id: 7 }]);
    const codec = createAvroCodec({ registry, schemas: { 'order.created': v1 } });
    const poison = { retryable: false };
    expect(await failure(codec.decode(Buffer.from([1, 0, 0, 0, 7])))).toMatchObject({
      ...poison,
      code: 'WIRE_FORMAT_INVALID',
    });
    expect(await failure(codec.decode(Buffer.from([0, 0])))).toMatchObject({
      ...poison,
      code: 'WIRE_FORMAT_INVALID',
    });
    expect(await failure(codec.decode(frameWire(999, Buffer.alloc(3))))).toMatchObject({
      ...poison,
      code: 'SCHEMA_UNKNOWN',
    });
    const truncated = (await codec.encode('order.created', order)).subarray(0, 8);
    expect(await failure(codec.decode(truncated))).toMatchObject({ ...poison, code: 'PAYLOAD_INVALID' });
    setDown(true);
    expect(await failure(codec.decode(frameWire(8, Buffer.alloc(3))))).toMatchObject({
      code: 'SCHEMA_REGISTRY_UNAVAILABLE',
      retryable: true,
    });
  });
});
