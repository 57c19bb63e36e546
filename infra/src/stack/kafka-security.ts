import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaSecurity } from '@saga/saga-runtime';
import { kafkaAccessOfAll, type Participant, participants } from '@saga/schemas';
import type { AclEntry, Kafka } from 'kafkajs';
// kafkajs is CommonJS, and Node cannot see these among its named exports.
import kafkajs from 'kafkajs';
import { StackError } from './proc';
import { instance, instanceDir } from './settings';

/**
 * The local Kafka's secured mode (README, "A secured cluster"): SASL/SCRAM on the client listener,
 * the standard authorizer, one principal per participant with the ACLs its part of the saga needs,
 * and `admin`, a super user, for the stack itself and the operator tools. Passwords are generated
 * once per instance and kept in its folder, readable by its owner only.
 */

const mechanism = 'scram-sha-512';
const adminUser = 'admin';
const credentialsFile = join(instanceDir, 'kafka', 'credentials.json');

function chosenMode(): 'none' | 'scram' {
  const raw = process.env.STACK_KAFKA_SECURITY;
  if (raw === 'scram' || raw === 'none') return raw;
  if (raw !== undefined && raw !== '') {
    throw new StackError(`STACK_KAFKA_SECURITY must be "scram" or "none", got "${raw}"`);
  }
  // Unset: as the instance was formatted, so `status`, `down` and the tools need not be told again.
  return existsSync(credentialsFile) ? 'scram' : 'none';
}

/** Whether this instance's Kafka requires SASL and enforces ACLs. */
export const kafkaSecured = chosenMode() === 'scram';

type Credentials = Record<typeof adminUser | Participant, string>;
let credentials: Credentials | undefined;

function instanceCredentials(): Credentials {
  if (credentials) return credentials;
  if (existsSync(credentialsFile)) {
    credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Credentials;
  } else {
    const users = [adminUser, ...participants];
    credentials = Object.fromEntries(
      users.map((user) => [user, randomBytes(18).toString('base64url')]),
    ) as Credentials;
    mkdirSync(join(instanceDir, 'kafka'), { recursive: true });
    writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  }
  return credentials;
}

const scram = (user: keyof Credentials): KafkaSecurity => ({
  sasl: { mechanism, username: user, password: instanceCredentials()[user] },
});

/** How the stack and the operator tools connect to this instance's Kafka: as `admin` when secured. */
export function stackKafkaSecurity(): KafkaSecurity {
  return kafkaSecured ? scram(adminUser) : {};
}

/** The variables a participant's service needs to connect as its own principal (none when plaintext). */
export function serviceKafkaCredentials(participant: Participant): Record<string, string> {
  if (!kafkaSecured) return {};
  return {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: participant,
    KAFKA_SASL_PASSWORD: instanceCredentials()[participant],
  };
}

/**
 * Appended to server.properties. The client listener keeps its name, PLAINTEXT, so the lines that
 * place it (its port, its advertised address) stay as they are; only its protocol becomes SASL.
 * The controller listener stays plaintext on 127.0.0.1, and its anonymous principal a super user:
 * KRaft cannot authenticate it with SCRAM, whose credentials live in the metadata it serves.
 */
export function kafkaSecurityProperties(): string {
  if (!kafkaSecured) return '';
  const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${adminUser}" password="${instanceCredentials()[adminUser]}";`;
  return `
listener.security.protocol.map=PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.plaintext.scram-sha-512.sasl.jaas.config=${jaas}
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:${adminUser};User:ANONYMOUS
allow.everyone.if.no.acl.found=false
`;
}

/**
 * `kafka-storage format` arguments that create every principal's SCRAM credentials with the
 * cluster, before the broker first needs them. A storage formatted plaintext has none, and the
 * stack has no way to add them later, so asking for SCRAM then is refused with what to do.
 */
export function scramFormatArgs(): string[] {
  if (!kafkaSecured) return [];
  return Object.entries(instanceCredentials()).flatMap(([name, password]) => [
    '--add-scram',
    `SCRAM-SHA-512=[name=${name},password=${password}]`,
  ]);
}

export function refuseSecuringFormattedStorage(formatted: boolean, dataDir: string): void {
  if (kafkaSecured && formatted && !existsSync(credentialsFile)) {
    throw new StackError(
      `kafka: instance ${instance} was formatted without SCRAM users; run "pnpm stack down", delete ${dataDir}, and "pnpm stack up" again with STACK_KAFKA_SECURITY=scram`,
    );
  }
}

/** Each participant's ACLs, from `kafkaAccess`: READ on what it hears and its groups, WRITE on what it sends. */
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

export function participantAcls(): AclEntry[] {
  const entry = (
    principal: string,
    resourceType: kafkajs.AclResourceTypes,
    resourceName: string,
    operation: kafkajs.AclOperationTypes,
  ): AclEntry => ({
    resourceType,
    resourceName,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: `User:${principal}`,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  });
  return kafkaAccessOfAll().flatMap(({ participant, reads, writes, groups }) => [
    ...reads.map((topic) => entry(participant, AclResourceTypes.TOPIC, topic, AclOperationTypes.READ)),
    ...writes.map((topic) => entry(participant, AclResourceTypes.TOPIC, topic, AclOperationTypes.WRITE)),
    ...groups.map((group) => entry(participant, AclResourceTypes.GROUP, group, AclOperationTypes.READ)),
  ]);
}

/** Creates the participants' ACLs (they form a set: applying them again changes nothing). */
export async function applyParticipantAcls(kafka: Pick<Kafka, 'admin'>): Promise<number> {
  if (!kafkaSecured) return 0;
  const acl = participantAcls();
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createAcls({ acl });
  } finally {
    await admin.disconnect();
  }
  return acl.length;
}
