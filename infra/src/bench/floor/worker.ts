/**
 * One process of a `pnpm bench floor` window, started by orchestrator.ts as `producer <topic>`,
 * `consumer <topic>`, `pg serial|pipelined` or `hop <in> <out>`. It says `{ backendPid }` once
 * connected; over IPC, `{ cmd: 'start', rate }` starts the load (0: flat out, still one message at
 * a time) and `{ cmd: 'count' }` is answered with the messages handled so far. It is killed after.
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

async function paced(rate: number, step: (seq: number) => Promise<unknown>): Promise<never> {
  const began = performance.now();
  for (let seq = 0; ; seq++) {
    const wait = rate > 0 ? began + (seq * 1000) / rate - performance.now() : 0;
    if (wait > 0) await sleep(wait);
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

/** Handles one record at a time; offsets are committed every 500 ms, as saga-runtime's consumer does. */
async function consume(topic: string, handle: (message: KafkaMessage) => Promise<unknown>): Promise<void> {
  const consumer = kafka.consumer({ groupId: `bench-floor-${role}-${topic}` });
  const offsets = new Map<number, string>();
  setInterval(() => {
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

let start = (_rate: number): Promise<unknown> => Promise.resolve();
let backendPid: number | undefined;
if (role === 'producer') {
  const made = await producer();
  start = (rate) =>
    paced(rate, (seq) =>
      made.send({ topic: first, acks: -1, messages: [{ key: String(seq), value: record(seq) }] }),
    );
} else if (role === 'consumer') {
  await consume(first, () => Promise.resolve());
} else {
  const sql = connectFloor();
  [{ pid: backendPid }] = await sql<[{ pid: number }]>`select pg_backend_pid() as pid`;
  if (role === 'pg') {
    const step = transaction(sql, first);
    start = (rate) => paced(rate, step);
  } else {
    // The hop: consume, the step's transaction, read the outbox row back as the relay does, produce.
    const step = transaction(sql, 'serial');
    const made = await producer();
    let seq = 0;
    await consume(first, async (message) => {
      const id = await step(seq++, message.value?.toString('utf8').slice(0, 120));
      const [row] = await sql`select id, topic, payload from outbox where id = ${id}`;
      await made.send({
        topic: second,
        acks: -1,
        messages: [{ key: message.key, value: JSON.stringify(row!.payload) }],
      });
    });
  }
}

process.on('message', (message: { cmd: 'start'; rate: number } | { cmd: 'count' }) => {
  if (message.cmd === 'count') process.send!({ count });
  else
    start(message.rate).catch((error: unknown) => {
      console.error(`bench floor ${role}:`, error);
      process.exit(2);
    });
});
process.send!({ backendPid });
