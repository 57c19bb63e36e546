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
import { type ConsumerGroupSpec, consumerGroups } from '@saga/schemas';
import { audit } from '../audit';
import { operatorKafka, serviceDatabase } from '../connections';
import { runCli } from '../run-cli';
import { type DeadLetter, readDeadLetters } from './dead-letters';

const usage = 'usage: pnpm dlq list|show|redrive|discard --group <group> [--id <partition:offset>]';
const kafka = operatorKafka('dlq-cli');
const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The saga's declaration of a consumer group: its dead-letter topic, and the participant whose
 * database holds its parked keys. A group the saga does not declare has neither, so it is refused.
 */
function declaredGroup(id: string): ConsumerGroupSpec {
  const group = consumerGroups.find((candidate) => candidate.id === id);
  if (!group) {
    const known = consumerGroups.map((candidate) => candidate.id).join(', ');
    throw new Error(`unknown consumer group "${id}"; known groups: ${known}`);
  }
  return group;
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
  const declared = declaredGroup(group);
  const letters = await readDeadLetters(kafka, declared.dlqTopic);
  const sql = serviceDatabase(declared.participant);
  try {
    const parking = parkingProtocol(sql, group);
    const parked = await parking.list();
    const blockOf = (letter: DeadLetter) =>
      parked.find((p) => `${p.dlqPartition}:${p.dlqOffset}` === letter.id);
    if (command === 'list') {
      if (letters.length === 0) say(`${declared.dlqTopic} is empty`);
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
        `no dead letter ${values.id ?? '(missing --id)'} in ${declared.dlqTopic}; see "pnpm dlq list --group ${group}"`,
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

runCli('dlq', main);
