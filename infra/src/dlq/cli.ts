/**
 * `pnpm dlq list|show|redrive|discard --group G [--id P:O]`: what a consumer group dead-lettered,
 * and what to do about it once the cause is fixed.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import postgres from 'postgres';
import { audit } from '../replay/audit';
import { urls } from '../settings';
import { type DeadLetter, originalHeaders, readDeadLetters } from './dead-letters';

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
    const parked = await sql<
      { message_key: string; dlq_partition: number; dlq_offset: string; redrive: boolean; waiting: number }[]
    >`
      select k.message_key, k.dlq_partition, k.dlq_offset::text, k.redrive,
        (select count(*)::int from parked_messages m where m.consumer_group = k.consumer_group and m.message_key = k.message_key) as waiting
      from parked_keys k where k.consumer_group = ${group}`;
    const blockOf = (letter: DeadLetter) =>
      parked.find((p) => `${p.dlq_partition}:${p.dlq_offset}` === letter.id);
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
          `${letter.id.padEnd(8)} ${(h['dlq-error-code'] ?? '').padEnd(22)} ${h['dlq-original-topic']}[${h['dlq-original-partition']}]@${h['dlq-original-offset']}  key=${letter.key ?? '-'}  ${h['dlq-failed-at']}  ${state}`,
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
            state: blockOf(letter) ?? 'settled',
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const topic = letter.headers['dlq-original-topic'];
    if (!topic) throw new Error(`dead letter ${letter.id} has no dlq-original-topic header`);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      if (command === 'redrive') {
        // The key stays closed until the consumer sees this very event again; it then opens the
        // key and re-publishes what was parked behind it, in order.
        if (letter.key)
          await sql`update parked_keys set redrive = true where consumer_group = ${group} and message_key = ${letter.key}`;
        await producer.send({
          topic,
          messages: [{ key: letter.key, value: letter.value, headers: originalHeaders(letter.headers) }],
        });
        say(`redriven ${letter.id} to ${topic}; what was parked behind it follows once it is applied`);
      } else {
        const released = await sql.begin(async (tx) => {
          const rows = await tx<{ topic: string; value: string | null; headers: Record<string, string> }[]>`
            delete from parked_messages where consumer_group = ${group} and message_key = ${letter.key ?? ''} returning topic, value, headers, id`;
          await tx`delete from parked_keys where consumer_group = ${group} and message_key = ${letter.key ?? ''}`;
          for (const row of rows.sort(
            (a, b) => Number((a as { id?: string }).id) - Number((b as { id?: string }).id),
          )) {
            await producer.send({
              topic: row.topic,
              messages: [
                {
                  key: letter.key,
                  value: row.value === null ? null : Buffer.from(row.value, 'base64'),
                  headers: row.headers,
                },
              ],
            });
          }
          return rows.length;
        });
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
