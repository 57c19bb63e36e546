import { randomUUID } from 'node:crypto';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAvroCodec } from '../avro/codec';
import { connectDatabase, type DatabaseHandle } from '../db/database';
import { pruneAll } from '../db/prune';
import { AppError } from '../errors';
import { ensureTopics, groupLag } from '../kafka/admin';
import { createKafka } from '../kafka/client';
import { createLogger } from '../logger';
import { messagingRetentions } from '../service/retention';
import { testStack } from '../testing/test-stack';
import { alreadyApplied } from './applied-offsets';
import { type RunningConsumer, startConsumer } from './consumer';
import type { IncomingEvent } from './event';
import type { HandlerContext } from './handler';
import { deadLetterHeaders, headerNames } from './headers';
import { compose } from './message';
import { outboxPublisher } from './outbox';
import { outboxStore } from './outbox-store';
import { parkingIndex } from './parking-index';
import { type ParkingProtocol, parkingProtocol } from './parking-protocol';
import { applyRuns } from './pipeline/apply';
import { deadLetter } from './pipeline/dead-letter';
import { isolate } from './pipeline/isolate';
import { parking } from './pipeline/parking';
import { retry } from './pipeline/retry';
import { kafkaPublish } from './publish';
import { createRelay } from './relay';

// The whole messaging path on the real stack: outbox → relay → Kafka (Avro, Confluent wire
// format) → consumer → retry → inbox → handler → its own outbox; and poison → dead-letter topic.
const adminUrl = `${testStack.postgres()}/postgres`;
const registryUrl = testStack.registry();
const brokers = testStack.kafkaBrokers();
const run = randomUUID().slice(0, 8);
const inTopic = `it-${run}.placed`;
const outTopic = `it-${run}.handled`;
const groupId = `it-${run}-group`;
const dlqTopic = `${groupId}.dlq`;
const schemaOf = (name: string) => ({
  type: 'record',
  name,
  namespace: 'it',
  fields: [
    { name: 'eventId', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'orderId', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'note', type: 'string' },
  ],
});
type TestEvent = { eventId: string; orderId: string; occurredAt: number; note: string };
type Events = { [inTopic]: TestEvent; [outTopic]: TestEvent };

const logger = createLogger({ service: 'pipeline-it', level: 'error' });
const kafka = createKafka({ clientId: 'pipeline-it', brokers, logger });
const registry = new SchemaRegistry({ host: registryUrl });
const codec = createAvroCodec({
  registry,
  schemas: { [inTopic]: schemaOf('Placed'), [outTopic]: schemaOf('Handled') },
});
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
const database = `runtime_it_${run}`;
let db: DatabaseHandle;
let parkingOf: ParkingProtocol;
let handled: string[] = [];
let transientFailuresLeft = 0;
const failOnce = new Set<string>();
const refused = new Set<string>();
const stops: (() => Promise<void>)[] = [];
let startGroup: () => Promise<RunningConsumer>;
let consumer: RunningConsumer;

const event = (note: string): TestEvent => ({
  eventId: randomUUID(),
  orderId: randomUUID(),
  occurredAt: Date.now(),
  note,
});
const outboxContext = { producer: 'pipeline-it', validate: codec.validate, traceContext: () => ({}) };

beforeAll(async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${database}"`);
  await admin.end();
  db = connectDatabase(adminUrl.replace(/\/postgres$/, `/${database}`));
  await db.migrate();
  await ensureTopics(
    kafka,
    [inTopic, outTopic, dlqTopic].map((name) => ({ name, partitions: 2 })),
  );
  for (const [topic, name] of [
    [inTopic, 'Placed'],
    [outTopic, 'Handled'],
  ] as const) {
    await registry.register(
      { type: 'AVRO' as never, schema: JSON.stringify(schemaOf(name)) },
      { subject: `${topic}-value` },
    );
  }
  await producer.connect();

  const publish = kafkaPublish(producer);
  parkingOf = parkingProtocol(db.sql, groupId);
  const relay = createRelay({
    store: outboxStore(db.sql, `it-${run}`),
    publish,
    encode: codec.encode,
    logger,
    pollIntervalMs: 200,
  });
  relay.start();
  stops.push(() => relay.stop());
  const options = {
    db: db.db,
    groupId,
    logger,
    outbox: outboxContext,
    decode: (buffer: Buffer, topic: string) => codec.decode(buffer, { topic }),
    handlers: {
      [inTopic]: async (
        incoming: IncomingEvent<Events, typeof inTopic>,
        { publish }: HandlerContext<Events>,
      ) => {
        const note = incoming.value.note;
        if (transientFailuresLeft > 0 || failOnce.delete(note)) {
          transientFailuresLeft = Math.max(0, transientFailuresLeft - 1);
          throw AppError.transient('TEST_DEPENDENCY_DOWN', 'simulated outage');
        }
        if (refused.has(note)) throw AppError.poison('TEST_REFUSED', 'refused until fixed');
        handled.push(note);
        await publish(outTopic, { ...event(`handled ${note}`), orderId: incoming.value.orderId });
      },
    },
  };
  const index = parkingIndex(() => parkingOf.blockedKeys());
  // The chain as services compose it: runs of messages, each in one transaction.
  const handle = compose(
    [
      isolate,
      deadLetter({
        publish,
        topic: dlqTopic,
        groupId,
        logger,
        onDeadLettered: async (message, _code, position) => {
          await parkingOf.block(message, position);
          index.blocked(String(message.key));
        },
      }),
      retry({ logger, baseDelayMs: 50 }),
      parking({
        protocol: parkingOf,
        index,
        alreadyApplied: (messages) => alreadyApplied(db.db, groupId, messages),
        publish,
        logger,
      }),
    ],
    applyRuns<Events>(options),
  );
  startGroup = () =>
    startConsumer({
      kafka,
      groupId,
      topics: [inTopic],
      handle,
      batchSize: 50,
      logger,
      onFatal: (e) => {
        throw e;
      },
    });
  consumer = await startGroup();
  stops.push(() => consumer.stop());
}, 120_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await producer.disconnect();
  await db.close();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${database}" with (force)`);
  await admin.end();
});

async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function readTopic(topic: string, count: number) {
  const readerGroup = `it-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId: readerGroup });
  const messages: { key: string; value: Buffer; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      messages.push({ key: String(message.key), value: message.value!, headers });
    },
  });
  await until(() => (messages.length >= count ? true : undefined), `${count} messages on ${topic}`);
  await consumer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([readerGroup]).catch(() => undefined);
  await admin.disconnect();
  return messages;
}

const outboxCount = async () => (await db.sql`select count(*)::int as n from outbox`)[0]?.n as number;

/** How many records a topic has received, all partitions together. */
async function endOffsets(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

const publishThroughOutbox = (value: TestEvent, through: DatabaseHandle = db) =>
  through.db.transaction(async (tx) => {
    await outboxPublisher<Events>(tx, { ...outboxContext, causation: null }).publish(inTopic, value);
  });

/** Records as the relay publishes them, one per note, all of one order (so one partition). */
const recordsOfOneKey = (orderId: string, notes: string[]) =>
  Promise.all(
    notes.map(async (note) => {
      const value = { ...event(note), orderId };
      return {
        key: orderId,
        value: await codec.encode(inTopic, value),
        headers: { [headerNames.eventId]: value.eventId },
      };
    }),
  );

describe('messaging pipeline on the real stack', () => {
  it('relays an outbox row to Kafka as Avro, and the consumer applies it once and publishes its reply', async () => {
    const placed = event('first');
    await publishThroughOutbox(placed);

    await until(() => (handled.includes('first') ? true : undefined), 'the handler');
    const [reply] = await readTopic(outTopic, 1);
    expect(reply?.key).toBe(placed.orderId);
    expect(reply?.value[0]).toBe(0);
    expect((await codec.decode(reply!.value)).value).toMatchObject({
      orderId: placed.orderId,
      note: 'handled first',
    });
    expect(reply?.headers).toMatchObject({
      [headerNames.eventType]: outTopic,
      [headerNames.correlationId]: placed.orderId,
      [headerNames.causationId]: placed.eventId,
      [headerNames.producer]: 'pipeline-it',
    });
    // Marked published by the relay's next read, within its poll interval.
    await until(async () => {
      const [unpublished] = await db.db.execute<{ n: number }>(
        sql`select count(*)::int as n from outbox where published_at is null`,
      );
      return unpublished?.n === 0 ? true : undefined;
    }, 'the outbox rows marked published');
  });

  it('applies a redelivered message (same bytes) only once', async () => {
    handled = [];
    const value = event('twice');
    const bytes = await codec.encode(inTopic, value);
    const message = { key: value.orderId, value: bytes, headers: { [headerNames.eventId]: value.eventId } };
    await producer.send({ topic: inTopic, messages: [message] });
    await producer.send({ topic: inTopic, messages: [message] });

    await until(async () => {
      const [row] = await db.db.execute(
        sql`select count(*)::int as n from inbox where event_id = ${value.eventId}`,
      );
      return (row as { n: number }).n === 1 ? true : undefined;
    }, 'the inbox entry');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(handled).toEqual(['twice']);
    const rows = await db.db.execute(sql`select id from outbox where payload->>'note' = 'handled twice'`);
    expect(rows).toHaveLength(1);
  });

  it('retries a transient failure with backoff, then applies the message', async () => {
    handled = [];
    transientFailuresLeft = 3;
    await publishThroughOutbox(event('after outage'));
    await until(() => (handled.includes('after outage') ? true : undefined), 'the retried handler');
    expect(transientFailuresLeft).toBe(0);
  });

  it('relays again once Postgres lets the service back in after dropping all its connections, the relay leader session too', async () => {
    handled = [];
    const onServer = async (statement: string) => {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(statement);
      } finally {
        await admin.end();
      }
    };
    // The outage, as this service sees it: every connection gone, no new one let in for a while,
    // long enough for the relay to fail and start over.
    await onServer(`alter database "${database}" with allow_connections false`);
    try {
      await onServer(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database}'`);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    } finally {
      await onServer(`alter database "${database}" with allow_connections true`);
    }

    // Written by another client, so that nothing but the relay touches the service's pool: a
    // broken connection handed back to it must not be hidden by some other query taking it.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const writer = connectDatabase(adminUrl.replace(/\/postgres$/, `/${database}`), { max: 1 });
    try {
      await publishThroughOutbox(event('after the database came back'), writer);
    } finally {
      await writer.close();
    }
    await until(
      () => (handled.includes('after the database came back') ? true : undefined),
      'the relay to publish what was written after the outage',
    );
  });

  it('applies a run of messages in one transaction, and one failing mid-run leaves the rest applied exactly once', async () => {
    const orderId = randomUUID();
    const notes = ['run-1', 'run-2', 'run-3', 'run-4', 'run-5'];
    failOnce.add('run-3');
    // One key, so one partition and (most likely) one fetched batch.
    await producer.send({
      topic: inTopic,
      messages: await recordsOfOneKey(orderId, notes),
    });

    const replies = await until(async () => {
      const rows = (await db.db.execute(
        sql`select payload->>'note' as note from outbox where message_key = ${orderId} order by id`,
      )) as unknown as { note: string }[];
      return rows.length >= notes.length ? rows : undefined;
    }, 'a reply to every message of the run');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(failOnce.size).toBe(0);
    expect(replies.map((row) => row.note)).toEqual(notes.map((note) => `handled ${note}`));
    const [count] = await db.db.execute(
      sql`select count(*)::int as n from outbox where message_key = ${orderId}`,
    );
    expect(count).toEqual({ n: notes.length });
  });

  it('sends poison to the dead-letter topic with the reason and origin, and keeps consuming', async () => {
    handled = [];
    await producer.send({
      topic: inTopic,
      messages: [{ key: 'poison', value: Buffer.from('definitely not avro') }],
    });
    await publishThroughOutbox(event('after poison'));

    const [dead] = await readTopic(dlqTopic, 1);
    expect(dead?.value.toString()).toBe('definitely not avro');
    expect(dead?.headers).toMatchObject({
      [deadLetterHeaders.errorCode]: 'WIRE_FORMAT_INVALID',
      [deadLetterHeaders.originalTopic]: inTopic,
      [deadLetterHeaders.originalPartition]: expect.stringMatching(/^\d+$/),
      [deadLetterHeaders.originalOffset]: expect.stringMatching(/^\d+$/),
      [deadLetterHeaders.consumerGroup]: groupId,
      [deadLetterHeaders.attempts]: '1',
    });
    await until(() => (handled.includes('after poison') ? true : undefined), 'the message after the poison');
  });

  it('parks the later messages of a dead-lettered key, and applies them in order after the dead letter once it is redriven', async () => {
    const orderId = randomUUID();
    const notes = ['refused', 'behind-1', 'behind-2'];
    refused.add('refused');
    const messages = await recordsOfOneKey(orderId, notes);
    await producer.send({ topic: inTopic, messages });

    const parkedCount = async () => {
      const [row] =
        await db.sql`select count(*)::int as n from parked_messages where message_key = ${orderId}`;
      return row?.n as number;
    };
    await until(async () => ((await parkedCount()) === 2 ? true : undefined), 'two parked messages');
    expect(handled.filter((note) => notes.includes(note))).toEqual([]);

    // The fix, then the redrive as `pnpm dlq redrive` does it.
    refused.delete('refused');
    await parkingOf.markRedrive(orderId);
    await producer.send({ topic: inTopic, messages: [messages[0]!] });

    await until(
      () => (handled.filter((note) => notes.includes(note)).length === 3 ? true : undefined),
      'the dead letter and what was parked behind it',
    );
    expect(handled.filter((note) => notes.includes(note))).toEqual(notes);
    expect(await parkedCount()).toBe(0);
    expect(await parkingOf.blocks([orderId])).toEqual(new Map());
  });

  it('after its inbox was pruned, replays the group from earliest applying only the dead letter fixed meanwhile, and sends nothing twice', {
    timeout: 120_000,
  }, async () => {
    handled = [];
    const [dead] = await recordsOfOneKey(randomUUID(), ['fixed after its dead letter']);
    const [later] = await recordsOfOneKey(randomUUID(), ['applied after the dead letter']);
    refused.add('fixed after its dead letter');
    // One partition, so the watermark passes the dead letter's offset.
    await producer.send({
      topic: inTopic,
      messages: [
        { ...dead!, partition: 0 },
        { ...later!, partition: 0 },
      ],
    });
    await until(
      () => (handled.includes('applied after the dead letter') ? true : undefined),
      'the message after the dead letter',
    );
    await until(async () => {
      const [row] = await db.sql`select count(*)::int as n from dead_lettered_offsets
        where event_id = ${dead!.headers[headerNames.eventId]!}`;
      return row?.n === 1 ? true : undefined;
    }, 'the dead letter listed');

    refused.delete('fixed after its dead letter');
    const pruned = await pruneAll(
      db.db,
      messagingRetentions({
        INBOX_RETENTION: 0,
        OUTBOX_RETENTION: 3_600_000,
        DEAD_LETTER_RETENTION: 3_600_000,
      }),
    );
    expect(pruned.inbox).toBeGreaterThan(0);
    const [inboxLeft] = await db.sql`select count(*)::int as n from inbox`;
    expect(inboxLeft?.n).toBe(0);
    const repliesBefore = await outboxCount();
    const deadLettersBefore = await endOffsets(dlqTopic);

    handled = [];
    await consumer.stop();
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.resetOffsets({ groupId, topic: inTopic, earliest: true });
      consumer = await startGroup();
      await until(async () => {
        const lag = await groupLag(admin, groupId, [inTopic]);
        return lag.every((row) => row.lag === 0) ? true : undefined;
      }, 'the group to replay the whole topic');
    } finally {
      await admin.disconnect();
    }

    expect(handled).toEqual(['fixed after its dead letter']);
    expect(await outboxCount()).toBe(repliesBefore + 1);
    expect(await endOffsets(dlqTopic)).toBe(deadLettersBefore);
    expect(await parkingOf.blocks([dead!.key])).toEqual(new Map());
  });
});
