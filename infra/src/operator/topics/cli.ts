/**
 * `pnpm topics [tail <topic> …]`: every topic with its partitions, end offsets and the lag of the
 * groups that read it, or a topic's messages with their Avro values decoded; Kafka UI's two views,
 * without Docker.
 */
import { createAvroCodec, createSchemaRegistry } from '@saga/saga-runtime';
import { operatorKafka, operatorRegistry } from '../connections';
import { runCli } from '../run-cli';
import { parseTopicsArgs, UsageError, usage } from './args';
import { describeTopics, formatTopics } from './listing';
import { tail } from './tail';

const kafka = operatorKafka('topics-cli');
const say = (text: string) => process.stdout.write(`${text}\n`);

async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`topics: ${error.message}\n${usage}\n`);
    return 2;
  }
}

async function run(argv: string[]): Promise<number> {
  const command = parseTopicsArgs(argv);
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (command.command === 'list') {
      say(formatTopics(await describeTopics(admin)));
      return 0;
    }
    if (!(await admin.listTopics()).includes(command.topic)) {
      throw new UsageError(`unknown topic "${command.topic}"; "pnpm topics" lists them`);
    }
    const stop = new AbortController();
    // `on`, not `once`: tsx passes Ctrl-C on to this process a second time when the first was not
    // acknowledged at once, and that second signal must not cut the clean-up short.
    process.on('SIGINT', () => stop.abort());
    await tail(command, {
      kafka,
      admin,
      codec: createAvroCodec({ registry: createSchemaRegistry(operatorRegistry), schemas: {} }),
      print: say,
      onReading: () => {
        if (command.follow) process.stderr.write(`following ${command.topic}; Ctrl-C stops\n`);
      },
      signal: stop.signal,
    });
    return 0;
  } finally {
    await admin.disconnect();
  }
}

runCli('topics', main);
