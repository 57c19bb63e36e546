/**
 * `pnpm replay groups | reset | rebuild`: inspect consumer groups and move their offsets, safely.
 * Replays are safe by construction: every saga group keeps the highest offset it applied per
 * partition, so what it applied before is skipped however long ago (README, "Delivery guarantees").
 */
import { parseArgs } from 'node:util';
import { projections } from '@saga/schemas';
import type { Kafka } from 'kafkajs';
import { audit, auditLogFile } from '../audit';
import { operatorKafka, serviceDatabase } from '../connections';
import { runCli } from '../run-cli';
import { describeAllGroups, formatGroups } from './groups';
import { activeMembers, applyReset, formatPlan, parseTarget, planReset, waitUntilEmpty } from './offsets';

const usage = `usage:
  pnpm replay groups
  pnpm replay reset --group G --topic T [--topic T…] --to earliest|latest|<ISO time>|<partition:offset,…> [--dry-run] [--wait]
  pnpm replay rebuild ${Object.keys(projections).join('|')} [--dry-run] [--wait]`;

const kafka = operatorKafka('replay-cli');
const say = (line: string) => process.stdout.write(`${line}\n`);

async function ensureIdle(
  admin: ReturnType<Kafka['admin']>,
  group: string,
  wait: boolean,
  hint: string,
): Promise<void> {
  const members = await activeMembers(admin, group);
  if (members === 0) return;
  if (!wait) {
    throw new Error(
      `group ${group} has ${members} active member(s); Kafka only moves the offsets of an empty group: ${hint}, or pass --wait`,
    );
  }
  say(`waiting for group ${group} to have no members (${hint})…`);
  await waitUntilEmpty(admin, group, 10 * 60_000);
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      group: { type: 'string' },
      topic: { type: 'string', multiple: true },
      to: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
    },
  });
  const [command, name] = positionals;
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (command === 'groups') {
      say(formatGroups(await describeAllGroups(admin)));
      return 0;
    }
    if (command === 'reset') {
      if (!values.group || !values.topic?.length || !values.to)
        throw new Error(`reset needs --group, --topic and --to\n${usage}`);
      const target = parseTarget(values.to);
      const plan = await planReset(admin, values.group, values.topic, target);
      say(`plan for group ${values.group} (to ${values.to}):\n${formatPlan(plan)}`);
      if (values['dry-run']) {
        say('dry run: no offset changed');
        return 0;
      }
      await ensureIdle(admin, values.group, values.wait, 'stop the service that consumes in it');
      await applyReset(admin, values.group, plan);
      audit({ command: 'reset', group: values.group, topics: values.topic, to: values.to, plan });
      say(`offsets moved; audit record appended to ${auditLogFile}`);
      return 0;
    }
    if (command === 'rebuild') {
      const projection = name === undefined ? undefined : projections[name];
      if (!projection) throw new Error(`unknown projection "${name}"\n${usage}`);
      const plan = await planReset(admin, projection.id, [...projection.consumes], { kind: 'earliest' });
      say(
        `rebuild ${name}: truncate ${projection.tables.join(', ')} in ${projection.participant}, replay ${projection.id} from earliest:\n${formatPlan(plan)}`,
      );
      if (values['dry-run']) {
        say('dry run: nothing changed');
        return 0;
      }
      await ensureIdle(admin, projection.id, values.wait, `stop the ${projection.participant} service`);
      const sql = serviceDatabase(projection.participant);
      try {
        // The group's inbox entries go too: otherwise the replayed events would be skipped as duplicates.
        await sql.begin(async (tx) => {
          await tx.unsafe(`truncate ${projection.tables.map((table) => `"${table}"`).join(', ')}`);
          await tx`delete from inbox where consumer_group = ${projection.id}`;
        });
      } finally {
        await sql.end();
      }
      await applyReset(admin, projection.id, plan);
      audit({
        command: 'rebuild',
        projection: name,
        group: projection.id,
        tables: projection.tables,
        plan,
      });
      say(
        `${name} emptied and ${projection.id} reset to earliest: it refills when the ${projection.participant} service runs`,
      );
      return 0;
    }
    process.stderr.write(`${usage}\n`);
    return 2;
  } finally {
    await admin.disconnect();
  }
}

runCli('replay', main);
