import { randomBytes, randomUUID } from 'node:crypto';
import { readDeadLetters } from '@saga/infra/dead-letters';
import { eventTopics, schemas } from '@saga/schemas';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { eventually } from './support/eventually';
import { consumersCaughtUp, kafka, registry } from './support/kafka';
import { story } from './support/shop';

const { system, shop } = story();

const consumedBy: Record<string, readonly string[]> = {
  'order-service': ['payment.completed', 'payment.declined', 'inventory.rejected'],
  'inventory-service': ['order.created', 'order.confirmed', 'order.cancelled'],
  'payment-service': ['inventory.reserved', 'order.cancelled'],
  'notification-service': ['order.confirmed', 'order.cancelled'],
  'order-timeline': eventTopics,
};

const frame = (schemaId: number, payload: Buffer) => {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, payload]);
};

/** Bytes no consumer can decode, each made fresh: not Avro, an id never issued, ~1 MB of noise. */
const garbage: (() => Buffer)[] = [
  () => randomBytes(200),
  () => frame(2_000_000_000, randomBytes(50)),
  () => Buffer.concat([Buffer.from([0]), randomBytes(900_000)]),
];

/** Encodes without the codec's validation: the schema allows these values, the rules do not. */
function encode(schemaId: number, schema: object, value: Record<string, unknown>): Buffer {
  return frame(schemaId, avro.Type.forSchema(schema as avro.Schema).toBuffer(value));
}

async function registeredId(topic: keyof typeof schemas): Promise<number> {
  const schema = JSON.stringify(schemas[topic]);
  return registry.getRegistryIdBySchema(`${topic}-value`, { type: 'AVRO' as never, schema });
}

describe('Someone publishes hostile messages to every consumed topic', () => {
  it('dead-letters each one with a reason, crashes no consumer, and sagas in flight complete', {
    timeout: 300_000,
  }, async () => {
    const pids = system.pids();
    const base = { occurredAt: Date.now(), customerId: 'mallory', currency: 'USD' };
    // An inventory.rejected writer schema with a reason this service never heard of.
    const gremlin = JSON.parse(JSON.stringify(schemas['inventory.rejected']));
    gremlin.fields.find((f: { name: string }) => f.name === 'reason').type.symbols.push('GREMLINS');
    const { id: gremlinId } = await registry.register(
      { type: 'AVRO' as never, schema: JSON.stringify(gremlin) },
      { subject: `hostile-${randomUUID()}-value` },
    );
    const hostile: { topic: string; key: string; value: Buffer; poisonFor: string[] }[] = [];
    for (const topic of eventTopics) {
      const groups = Object.entries(consumedBy)
        .filter(([, topics]) => topics.includes(topic))
        .map(([group]) => group);
      for (const bytes of garbage)
        hostile.push({ topic, key: randomUUID(), value: bytes(), poisonFor: groups });
    }
    // Well-formed events that break the rules: each poisons only the groups that check that rule.
    const invalid: {
      topic: keyof typeof schemas;
      writer?: { id: number; schema: object };
      fields: Record<string, unknown>;
      poisonFor: string[];
    }[] = [
      {
        topic: 'order.created',
        fields: { items: [{ sku: 'SKU-TEA', quantity: -3 }] },
        poisonFor: ['inventory-service'],
      },
      {
        topic: 'payment.completed',
        fields: { paymentId: randomUUID(), amountCents: -100 },
        poisonFor: ['order-service'],
      },
      { topic: 'inventory.reserved', fields: { lines: [], totalCents: -1 }, poisonFor: ['payment-service'] },
      {
        topic: 'inventory.rejected',
        writer: { id: gremlinId, schema: gremlin },
        fields: { reason: 'GREMLINS', detail: 'x' },
        poisonFor: ['order-service', 'order-timeline'],
      },
    ];
    for (const { topic, writer, fields, poisonFor } of invalid) {
      const key = randomUUID();
      const { id, schema } = writer ?? { id: await registeredId(topic), schema: schemas[topic] };
      const value = encode(id, schema, { ...base, eventId: randomUUID(), orderId: key, ...fields });
      hostile.push({ topic, key, value, poisonFor });
    }

    const scarf = await shop.stockProduct({ available: 20, priceCents: 500 });
    const buyers = await shop.openAccounts(10, 10_000);
    const producer = kafka.producer();
    await producer.connect();
    const [orderIds] = await Promise.all([
      Promise.all(buyers.map((buyer) => shop.placeOrder(buyer, [{ sku: scarf.sku, quantity: 1 }]))),
      (async () => {
        for (const message of hostile)
          await producer.send({
            topic: message.topic,
            messages: [{ key: message.key, value: message.value }],
          });
      })(),
    ]);
    await producer.disconnect();

    for (const orderId of orderIds)
      expect(await shop.settled(orderId, 60_000)).toMatchObject({ status: 'CONFIRMED' });
    await consumersCaughtUp(Object.keys(consumedBy));
    for (const group of Object.keys(consumedBy)) {
      const expected = hostile.filter((message) => message.poisonFor.includes(group));
      const letters = await eventually(
        async () => {
          const read = await readDeadLetters(kafka, `${group}.dlq`);
          const keys = new Set(read.map((letter) => letter.key));
          return expected.every((message) => keys.has(message.key)) ? read : undefined;
        },
        60_000,
        `${expected.length} dead letters in ${group}.dlq`,
      );
      for (const message of expected) {
        const letter = letters.find((l) => l.key === message.key)!;
        expect(letter.headers).toMatchObject({
          'dlq-original-topic': message.topic,
          'dlq-consumer-group': group,
          'dlq-error-code': expect.any(String),
        });
      }
    }
    expect(system.pids()).toEqual(pids);
  });
});
