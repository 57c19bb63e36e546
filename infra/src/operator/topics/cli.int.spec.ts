import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { createAvroCodec, createKafka, ensureTopics, SchemaRegistry } from '@saga/saga-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, urls } from '../../stack/settings';

// `pnpm topics` as an operator runs it, against a topic of this run's own: two partitions,
// Avro records under two keys, one record that is not Avro, and a group that read part of it.
const cli = ['--import', 'tsx', 'infra/src/operator/topics/cli.ts'];
const run = randomUUID().slice(0, 8);
const topic = `topics-it-${run}.events`;
const groupId = `topics-it-${run}-group`;
const schema = {
  type: 'record',
  name: 'Noted',
  namespace: 'it',
  fields: [{ name: 'note', type: 'string' }],
};
const kafka = createKafka({ clientId: 'topics-it', brokers: urls.kafkaBrokers });
const registry = new SchemaRegistry({ host: urls.registry });
const codec = createAvroCodec({ registry, schemas: { [topic]: schema } });
const producer = kafka.producer();
const admin = kafka.admin();

const topics = async (...args: string[]) => {
  const result = await promisify(execFile)(process.execPath, [...cli, ...args], {
    cwd: repoRoot,
    timeout: 60_000,
  });
  return result.stdout;
};
const refused = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  promisify(execFile)(process.execPath, [...cli, ...args], { cwd: repoRoot, env, timeout: 60_000 }).then(
    () => expect.fail(`topics ${args.join(' ')} succeeded`),
    (error: { code: number; stderr: string }) => error,
  );
const record = async (partition: number, key: string, note: string) => ({
  partition,
  key,
  value: await codec.encode(topic, { note }),
  headers: { producer: 'topics-it', note },
});
const values = (output: string) => [...output.matchAll(/"note":"([^"]+)"/g)].map((match) => match[1]);

beforeAll(async () => {
  await ensureTopics(kafka, [{ name: topic, partitions: 2 }]);
  await registry.register(
    { type: 'AVRO' as never, schema: JSON.stringify(schema) },
    { subject: `${topic}-value` },
  );
  await producer.connect();
  await admin.connect();
  await producer.send({
    topic,
    messages: [
      await record(0, 'alice', 'a1'),
      await record(0, 'alice', 'a2'),
      { partition: 0, key: 'mallory', value: Buffer.from('{"note":"not avro"}') },
      await record(0, 'alice', 'a3'),
      await record(1, 'bob', 'b1'),
      await record(1, 'bob', 'b2'),
    ],
  });
  await admin.setOffsets({
    groupId,
    topic,
    partitions: [
      { partition: 0, offset: '1' },
      { partition: 1, offset: '2' },
    ],
  });
});

afterAll(async () => {
  await producer.disconnect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('pnpm topics', () => {
  it('given a topic a group has read partly, then the listing shows its partitions, end offsets and the group lag', async () => {
    const lines = (await topics()).split('\n');
    const row = lines.findIndex((line) => line.startsWith(topic));
    expect(lines[row]).toMatch(new RegExp(`^${topic}\\s+2\\s+end\\s+6\\s+4\\s+2$`));
    expect(lines[row + 1]).toMatch(new RegExp(`^  ${groupId}\\s+lag\\s+3\\s+3\\s+0$`));
    expect(lines).toContainEqual(expect.stringMatching(/^order\.created\s+6\s+end\s/));
  });

  it('given --from-beginning --key, then tail prints exactly the decoded values of that key, in order', async () => {
    const output = await topics('tail', topic, '--from-beginning', '--key', 'alice');
    expect(values(output)).toEqual(['a1', 'a2', 'a3']);
    expect(output).toMatch(/partition 0 {2}offset 0 {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}key alice/);
    expect(output).toContain('headers  producer=topics-it  note=a1');
  });

  it('given a value that is not Avro, then tail shows its bytes and why it does not decode', async () => {
    const output = await topics('tail', topic, '--last', '2');
    expect(values(output).sort()).toEqual(['a3', 'b1', 'b2']);
    expect(output).toContain(
      `key mallory\n  headers  (none)\n  value    undecodable, 19 bytes ${Buffer.from('{"note":"not avro"}').toString('hex')}: Message starts with byte 123, expected magic byte 0`,
    );
  });

  it('given --follow, then tail prints a message produced after it started, and exits 0 on Ctrl-C leaving no group', async () => {
    const child = spawn(process.execPath, [...cli, 'tail', topic, '--follow', '--key', 'carol'], {
      cwd: repoRoot,
    });
    const stdout = text(child, 'stdout');
    const stderr = text(child, 'stderr');
    await until(() => stderr().includes(`following ${topic}`));
    await producer.send({ topic, messages: [await record(1, 'carol', 'c1')] });
    await until(() => stdout().includes('"note":"c1"'));
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(values(stdout())).toEqual(['c1']);
    const { groups } = await admin.listGroups();
    expect(groups.map((group) => group.groupId)).not.toContainEqual(expect.stringMatching(/^topics-tail-/));
  });

  it('given an unknown topic or option, then it says so on one line with the usage, and exits 2', async () => {
    for (const args of [
      ['tail', `${topic}-missing`],
      ['tail', topic, '--since', 'yesterday'],
    ]) {
      const { code, stderr } = await refused(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^topics: (unknown topic|Unknown option).*\nusage: pnpm topics \| .*\n$/);
    }
  });

  it('given no broker at KAFKA_BROKERS, then it says so on one line and exits 1', async () => {
    const { code, stderr } = await refused([], { ...process.env, KAFKA_BROKERS: '127.0.0.1:1' });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^topics: cannot reach Kafka at 127\.0\.0\.1:1 \(.*\); start it with "pnpm stack up", or set KAFKA_BROKERS\n$/,
    );
  });
});

function text(child: ChildProcess, stream: 'stdout' | 'stderr'): () => string {
  let received = '';
  child[stream]?.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  return () => received;
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
