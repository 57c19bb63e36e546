import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka } from '@saga/saga-runtime';
import type { Admin, Kafka } from 'kafkajs';
import { ensureDatabases } from '../../stack/components/postgres';
import { stackKafkaSecurity } from '../../stack/kafka-security';
import { readPid } from '../../stack/proc';
import { kafkaNodes, repoRoot, urls } from '../../stack/settings';
import { down, up } from '../../stack/stack';
import type { FloorCase, FloorSettings } from '../options';
import { ProcessMonitor } from '../processes';
import { say } from '../run';
import { connectFloor, floorDatabase, record } from './scratch';
import type { FloorResult, FloorWindow } from './summary';

// Until the consumers have joined and JIT-compiled the path, a message costs more than it will.
const warmupSeconds = 5;
// The hop at saturation consumes a backlog: more than it gets through (a few hundred a second
// here), so it never waits for the next record, and no producer shares the cores meanwhile.
const backlogPerSecond = 1000;

interface Worker {
  /** Its role, which names it in the figures. */
  name: string;
  child: ChildProcess;
  /** Settles once it is connected, with the pid of the Postgres backend serving it, if any. */
  ready: Promise<{ backendPid?: number }>;
}

/** Each process's arguments, its role first; the first process is the sink, whose messages count. */
function layout(kind: FloorCase, [a, b]: string[], rate: number): string[][] {
  if (kind === 'kafka')
    return [
      ['consumer', a!],
      ['producer', a!],
    ];
  if (kind === 'hop') return [['hop', a!, b!], ['consumer', b!], ...(rate > 0 ? [['producer', a!]] : [])];
  return [['pg', kind.slice('pg-'.length)]];
}

/** A worker's next message; its dying meanwhile fails the window rather than hanging it. */
function reply<T>(name: string, child: ChildProcess): Promise<T> {
  return Promise.race([
    once(child, 'message').then(([message]) => message as T),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`${name} exited (${code})`))),
  ]);
}

function spawnWorker(args: string[]): Worker {
  const child = fork(new URL('./worker.ts', import.meta.url).pathname, args, {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return { name: args[0]!, child, ready: reply(args[0]!, child) };
}

async function counts(workers: Worker[]): Promise<Record<string, number>> {
  const answers = workers.map(async ({ name, child }) => {
    const answer = reply<{ count: number }>(name, child);
    child.send({ cmd: 'count' });
    return [name, (await answer).count] as const;
  });
  return Object.fromEntries(await Promise.all(answers));
}

// Killed, not stopped: their topics, consumer groups and tables are scratch, wanted no more.
async function stopAll(workers: Worker[]): Promise<void> {
  await Promise.all(
    workers.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    }),
  );
}

async function prefill(kafka: Kafka, topic: string, records: number): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let seq = 0; seq < records; seq += 500) {
    const messages = Array.from({ length: Math.min(500, records - seq) }, (_, i) => ({
      key: String(seq + i),
      value: record(seq + i),
    }));
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

/** One window of one case on topics of its own: CPU per process and messages per worker. */
async function measure(
  kafka: Kafka,
  admin: Admin,
  kind: FloorCase,
  rate: number,
  windowSeconds: number,
): Promise<Omit<FloorWindow, 'run'>> {
  const topics = ['a', 'b'].map((name) => `bench.floor.${Date.now()}.${name}`);
  await admin.createTopics({
    topics: topics.map((topic) => ({ topic, numPartitions: 6 })),
    waitForLeaders: true,
  });
  const workers: Worker[] = [];
  try {
    if (kind === 'hop' && rate === 0)
      await prefill(kafka, topics[0]!, backlogPerSecond * (warmupSeconds + windowSeconds));
    workers.push(...layout(kind, topics, rate).map(spawnWorker));
    const answers = await Promise.all(workers.map((worker) => worker.ready));
    const backendPid = answers.find((answer) => answer.backendPid)?.backendPid;
    // Consumers ignore it: what arrives drives them.
    for (const { child } of workers) child.send({ cmd: 'start', rate });
    await sleep(warmupSeconds * 1000);
    const pids: Record<string, number> = Object.fromEntries(
      workers.map(({ name, child }) => [name, child.pid!]),
    );
    for (const { name } of kafkaNodes) pids[name] = readPid(name)!;
    // Every backend and helper of the server, and apart from them the one serving the worker.
    pids.postgres = readPid('postgres')!;
    if (backendPid) pids['pg backend'] = backendPid;
    const monitor = new ProcessMonitor(pids, new Set(['postgres']));
    const before = await counts(workers);
    await sleep(windowSeconds * 1000);
    const after = await counts(workers);
    const { processes, windowSeconds: seconds } = monitor.figures();
    return {
      kind,
      rate,
      seconds,
      messages: after[workers[0]!.name]! - before[workers[0]!.name]!,
      cpuSeconds: Object.fromEntries(Object.entries(processes).map(([name, p]) => [name, p.cpuSeconds])),
    };
  } finally {
    await stopAll(workers);
    await admin.deleteTopics({ topics }).catch(() => undefined);
  }
}

/** The scratch database, its tables emptied; and the settings that decide what a commit costs. */
async function prepareDatabase(): Promise<Record<string, string>> {
  await ensureDatabases([floorDatabase]);
  const sql = connectFloor();
  await sql`drop table if exists inbox, state, outbox`;
  await sql`create table inbox (id uuid primary key, topic text not null, received_at timestamptz not null)`;
  await sql`create table state (id int primary key, counter bigint not null default 0, updated_at timestamptz)`;
  await sql`create table outbox (id uuid primary key, topic text not null, payload jsonb not null,
    created_at timestamptz not null default now())`;
  await sql`insert into state (id) select generate_series(1, 100)`;
  const rows = await sql<{ name: string; setting: string }[]>`select name, setting from pg_settings
    where name in ('fsync', 'synchronous_commit', 'wal_level', 'shared_buffers', 'server_version')`;
  await sql.end();
  return Object.fromEntries(rows.map(({ name, setting }) => [name, setting]));
}

/**
 * Brings the stack up as `pnpm bench` does, then runs every case at the rate (and flat out with
 * `saturation`) once per run, interleaved so that the machine's drift falls on all of them alike.
 */
export async function runFloor(settings: FloorSettings): Promise<FloorResult> {
  const startedAt = new Date().toISOString();
  const { started } = await up();
  const kafka = createKafka({
    clientId: 'bench-floor',
    brokers: urls.kafkaBrokers,
    security: stackKafkaSecurity(),
  });
  const admin = kafka.admin();
  try {
    const postgresSettings = await prepareDatabase();
    await admin.connect();
    const windows: FloorWindow[] = [];
    for (let run = 1; run <= settings.runs; run++)
      for (const kind of settings.cases)
        for (const rate of settings.saturation ? [settings.rate, 0] : [settings.rate]) {
          say(`floor run ${run}/${settings.runs}: ${kind} at ${rate > 0 ? `${rate} msg/s` : 'saturation'}`);
          windows.push({ run, ...(await measure(kafka, admin, kind, rate, settings.windowSeconds)) });
        }
    return { startedAt, settings, postgres: postgresSettings, windows };
  } finally {
    await admin.disconnect();
    if (started.length > 0) await down();
  }
}
