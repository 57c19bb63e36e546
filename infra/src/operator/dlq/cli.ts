/**
 * `pnpm dlq list|show|redrive|discard --group G [--id P:O]`: what a consumer group dead-lettered,
 * and what to do about it once the cause is fixed.
 */
import { parseArgs } from 'node:util';
import {
  deadLetterHeaders,
  kafkaPublish,
  originalHeaders,
  type ParkedKey,
  parkingProtocol,
} from '@saga/saga-runtime/operator';
import { Kafka, logLevel } from 'kafkajs';
import postgres from 'postgres';
import { urls } from '../../stack/settings';
import { audit } from '../audit';
import { type DeadLetter, readDeadLetters } from './dead-letters';

const usage = 'usage: pnpm dlq list|show|redrive|discard --group <group> [--id <partition:offset>]';
const kafka = new Kafka({
  clientId: 'dlq-cli',
  brokers: (process.env.KAFKA_BROKERS ?? urls.kafka).split(','),
  logLevel: logLevel.NOTHING,
});
const say = (line: string) => process.stdout.write(`${line}\n`);

/** `order-service`, `order-timeline` → the order service's database. */
function databaseOf(group: string): postgres.Sql {
  const service = group.split('-')[0]!;
  const url = process.env[`DATABASE_URL_${service.toUpperCase()}`] ?? `${urls.postgres}/${service}`;
  return postgres(url, { max: 1, onnotice: () => {} });
}

/** The state as `show` has always printed it: the parked_keys row, or 'settled'. */
function shownState(block: ParkedKey | undefined) {
  if (!block) return 'settled';
  const { key, dlqPartition, dlqOffset, redrive, waiting } = block;
  return { message_key: key, dlq_partition: dlqPartition, dlq_offset: dlqOffset, redrive, waiting };
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { group: { type: 'string' }, id: { type: 'string' } },
  });
  const [command] = positionals;
  const group = values.group;
  if (!command || !group || !['list', 'show', 'redrive', 'discard'].includes(command)) throw new Error(usage);
  const letters = await readDeadLetters(kafka, `${group}.dlq`);
  const sql = databaseOf(group);
  try {
    const parking = parkingProtocol(sql, group);
    const parked = await parking.list();
    const blockOf = (letter: DeadLetter) =>
      parked.find((p) => `${p.dlqPartition}:${p.dlqOffset}` === letter.id);
    if (command === 'list') {
      if (letters.length === 0) say(`${group}.dlq is empty`);
      for (const letter of letters) {
        const block = blockOf(letter);
        const state = block
          ? block.redrive
            ? 'redriving'
            : `open, ${block.waiting} parked behind it`
          : 'settled';
        const h = letter.headers;
        say(
          `${letter.id.padEnd(8)} ${(h[deadLetterHeaders.errorCode] ?? '').padEnd(22)} ${h[deadLetterHeaders.originalTopic]}[${h[deadLetterHeaders.originalPartition]}]@${h[deadLetterHeaders.originalOffset]}  key=${letter.key ?? '-'}  ${h[deadLetterHeaders.failedAt]}  ${state}`,
        );
      }
      return 0;
    }
    const letter = letters.find((l) => l.id === values.id);
    if (!letter)
      throw new Error(
        `no dead letter ${values.id ?? '(missing --id)'} in ${group}.dlq; see "pnpm dlq list --group ${group}"`,
      );
    if (command === 'show') {
      say(
        JSON.stringify(
          {
            id: letter.id,
            key: letter.key,
            headers: letter.headers,
            value: letter.value?.toString('base64') ?? null,
            state: shownState(blockOf(letter)),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const topic = letter.headers[deadLetterHeaders.originalTopic];
    if (!topic) throw new Error(`dead letter ${letter.id} has no ${deadLetterHeaders.originalTopic} header`);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const publish = kafkaPublish(producer);
    try {
      if (command === 'redrive') {
        // The key stays closed until the consumer sees this very event again; it then opens the
        // key and re-publishes what was parked behind it, in order.
        if (letter.key) await parking.markRedrive(letter.key);
        await publish([
          { topic, key: letter.key, value: letter.value, headers: originalHeaders(letter.headers) },
        ]);
        say(`redriven ${letter.id} to ${topic}; what was parked behind it follows once it is applied`);
      } else {
        const released = await parking.discard(letter.key ?? '', publish);
        say(`discarded ${letter.id}; ${released} parked message(s) released`);
      }
      audit({ command: `dlq ${command}`, group, id: letter.id, topic, key: letter.key });
    } finally {
      await producer.disconnect();
    }
    return 0;
  } finally {
    await sql.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dlq: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
