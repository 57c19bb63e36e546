/**
 * One process of a `pnpm bench floor` window, started by orchestrator.ts as
 * `producer <topic>`, `consumer <topic>`, `pg serial|pipelined` or `hop <in> <out>`. Over IPC it
 * answers `{ cmd: 'start', rate }` (0: as fast as it goes, still one message at a time),
 * `{ cmd: 'count' }` with `{ count }`, and `{ cmd: 'stop' }` by leaving.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka } from '@saga/saga-runtime';
import type { KafkaMessage, Producer } from 'kafkajs';
import type { Sql } from 'postgres';
import { stackKafkaSecurity } from '../../stack/kafka-security';
import { urls } from '../../stack/settings';
import { connectFloor, record } from './scratch';

const [role, first, second] = process.argv.slice(2) as [string, string, string];
const kafka = createKafka({
  clientId: `bench-floor-${role}`,
  brokers: urls.kafkaBrokers,
  security: stackKafkaSecurity(),
});
let count = 0;
let running = false;

async function paced(rate: number, step: (seq: number) => Promise<unknown>): Promise<void> {
  running = true;
  const began = performance.now();
  for (let seq = 0; running; seq++) {
    const wait = rate > 0 ? began + (seq * 1000) / rate - performance.now() : 0;
    if (wait > 0) await sleep(wait);
    if (!running) break;
    await step(seq);
    count++;
  }
}

// As the services' relay produces: idempotent, acks from every in-sync replica, one request in flight.
async function producer(): Promise<Producer> {
  const made = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await made.connect();
  return made;
}

/** Consumes one record at a time; offsets are committed every 500 ms, as saga-runtime's consumer does. */
async function consume(topic: string, handle: (message: KafkaMessage) => Promise<unknown>) {
  const consumer = kafka.consumer({ groupId: `bench-floor-${role}-${topic}` });
  const offsets = new Map<number, string>();
  const timer = setInterval(() => {
    const pending = [...offsets].map(([partition, offset]) => ({ topic, partition, offset }));
    offsets.clear();
    if (pending.length > 0) void consumer.commitOffsets(pending).catch(() => undefined);
  }, 500);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        await handle(message);
        resolveOffset(message.offset);
        offsets.set(batch.partition, String(BigInt(message.offset) + 1n));
        count++;
      }
      await heartbeat();
    },
  });
  await joined;
  return async () => {
    clearInterval(timer);
    await consumer.disconnect();
  };
}

/** A saga step's transaction: inbox insert, state update by primary key, outbox insert with jsonb. */
function transaction(sql: Sql, mode: string) {
  return async (seq: number, body = 'x'.repeat(120)): Promise<string> => {
    const [inboxId, outboxId] = [randomUUID(), randomUUID()];
    const payload = { sagaId: inboxId, step: 'reserved', seq, body };
    await sql.begin(async (tx) => {
      const statements = [
        () => tx`insert into inbox (id, topic, received_at) values (${inboxId}, 'a', now())`,
        () => tx`update state set counter = counter + 1, updated_at = now() where id = ${(seq % 100) + 1}`,
        () => tx`insert into outbox (id, topic, payload) values (${outboxId}, 'b', ${tx.json(payload)})`,
      ];
      // Pipelined: the three statements go out together, in one round trip.
      if (mode === 'pipelined') await Promise.all(statements.map((statement) => statement()));
      else for (const statement of statements) await statement();
    });
    return outboxId;
  };
}

async function backendPid(sql: Sql): Promise<number> {
  const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  return row!.pid;
}

let start = (_rate: number): Promise<void> => Promise.resolve();
let stop: () => Promise<unknown>;
let ready: { ready: true; backendPid?: number } = { ready: true };
if (role === 'producer') {
  const made = await producer();
  start = (rate) =>
    paced(rate, (seq) =>
      made.send({ topic: first, acks: -1, messages: [{ key: String(seq), value: record(seq) }] }),
    );
  stop = () => made.disconnect();
} else if (role === 'consumer') {
  stop = await consume(first, () => Promise.resolve());
} else if (role === 'pg') {
  const sql = connectFloor();
  const step = transaction(sql, first);
  ready = { ready: true, backendPid: await backendPid(sql) };
  start = (rate) => paced(rate, step);
  stop = () => sql.end();
} else {
  // The hop: consume, the step's transaction, read the outbox row back as the relay does, produce.
  const sql = connectFloor();
  const step = transaction(sql, 'serial');
  const made = await producer();
  ready = { ready: true, backendPid: await backendPid(sql) };
  let seq = 0;
  const stopConsumer = await consume(first, async (message) => {
    const id = await step(seq++, message.value?.toString('utf8').slice(0, 120));
    const [row] = await sql`select id, topic, payload from outbox where id = ${id}`;
    await made.send({
      topic: second,
      acks: -1,
      messages: [{ key: message.key, value: JSON.stringify(row!.payload) }],
    });
  });
  stop = async () => {
    await stopConsumer();
    await made.disconnect();
    await sql.end();
  };
}

let load = Promise.resolve();
process.on(
  'message',
  async (message: { cmd: 'start'; rate: number } | { cmd: 'count' } | { cmd: 'stop' }) => {
    if (message.cmd === 'start') {
      load = start(message.rate).catch((error: unknown) => {
        console.error(`bench floor ${role}:`, error);
        process.exit(2);
      });
    } else if (message.cmd === 'count') {
      process.send!({ count });
    } else {
      running = false;
      // The message in hand first: disconnecting under it would fail it.
      await load;
      await stop().catch(() => undefined);
      process.exit(0);
    }
  },
);
process.send!(ready);
