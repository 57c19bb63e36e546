import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKafka } from '@saga/saga-runtime';
import postgres from 'postgres';
import { ensureDatabases } from '../stack/components/postgres';
import { findJava } from '../stack/components/prerequisites';
import { stackKafkaSecurity } from '../stack/kafka-security';
import { urls, versions } from '../stack/settings';
import type { BenchResult } from './result';

const run = promisify(execFile);
const referenceTopic = 'bench.reference';

type KafkaReference = BenchResult['reference']['kafka'];
type PostgresReference = BenchResult['reference']['postgres'];

const failure = (error: unknown) => ({
  error: error instanceof Error ? error.message.split('\n')[0]! : String(error),
});

/**
 * Kafka's own producer benchmark against the same broker, acks=all like our relay, records of
 * our average size, on a scratch topic with our partition count that is deleted afterwards.
 */
export async function kafkaReference(recordSize: number, records = 300_000): Promise<KafkaReference> {
  const admin = createKafka({
    brokers: urls.kafkaBrokers,
    clientId: 'bench-reference',
    security: stackKafkaSecurity(),
  }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [referenceTopic] }).catch(() => undefined);
    await admin.createTopics({ topics: [{ topic: referenceTopic, numPartitions: 6 }], waitForLeaders: true });
    const java = await findJava(17, 'the Kafka reference benchmark');
    const { stdout } = await run(
      java,
      [
        '-Xmx512m',
        '-cp',
        join(versions.kafkaLibs, '*'),
        'org.apache.kafka.tools.ProducerPerformance',
        '--topic',
        referenceTopic,
        '--num-records',
        String(records),
        '--record-size',
        String(recordSize),
        '--throughput',
        '-1',
        '--producer-props',
        `bootstrap.servers=${urls.kafkaBrokers.join(',')}`,
        'acks=all',
      ],
      { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return parseProducerPerformance(stdout, recordSize);
  } catch (error) {
    return failure(error);
  } finally {
    await admin.deleteTopics({ topics: [referenceTopic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Reads the final summary line, e.g. "300000 records sent, 81234.5 records/sec (19.83 MB/sec), 812.3 ms avg latency, ... 1500 ms 99th, ...". */
export function parseProducerPerformance(stdout: string, recordSize: number): KafkaReference {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((candidate) => /records sent, .* records\/sec/.test(candidate));
  if (!line) return { error: `no summary in ProducerPerformance output: ${stdout.slice(-300)}` };
  const number = (pattern: RegExp) => Number(pattern.exec(line)?.[1] ?? Number.NaN);
  return {
    records: number(/^(\d+) records sent/),
    recordsPerSecond: number(/([\d.]+) records\/sec/),
    mbPerSecond: number(/\(([\d.]+) MB\/sec\)/),
    avgLatencyMs: number(/([\d.]+) ms avg latency/),
    p99LatencyMs: number(/([\d.]+) ms 99th/),
    recordSize,
  };
}

/** One-row insert transactions from `connections` clients for `seconds`, on a scratch database. */
export async function postgresReference(connections = 8, seconds = 10): Promise<PostgresReference> {
  try {
    await ensureDatabases(['bench_reference']);
  } catch (error) {
    return failure(error);
  }
  const sql = postgres(`${urls.postgres}/bench_reference`, { max: connections, onnotice: () => undefined });
  try {
    await sql`drop table if exists writes`;
    await sql`create table writes (id bigserial primary key, payload text not null, at timestamptz not null default now())`;
    let transactions = 0;
    const deadline = Date.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < deadline) {
          await sql`insert into writes (payload) values (${'x'.repeat(200)})`;
          transactions += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await sql`drop table writes`;
    return {
      transactionsPerSecond: Math.round(transactions / elapsed),
      connections,
      seconds: Math.round(elapsed * 10) / 10,
    };
  } catch (error) {
    return failure(error);
  } finally {
    await sql.end();
  }
}
