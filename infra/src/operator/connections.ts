import {
  connectionSecurityShape,
  type KafkaSecurity,
  kafkaSecurity,
  loadConfig,
  type RegistryConnection,
  registryAuth,
} from '@saga/saga-runtime';
import type { Participant } from '@saga/schemas';
import { Kafka, logLevel } from 'kafkajs';
import postgres from 'postgres';
import { stackKafkaSecurity } from '../stack/kafka-security';
import { urls } from '../stack/settings';

/** The local stack's Kafka, unless KAFKA_BROKERS points the tool at another cluster. */
export const operatorBrokers = process.env.KAFKA_BROKERS?.split(',') ?? urls.kafkaBrokers;

/** The local stack's registry, unless SCHEMA_REGISTRY_URL points the tool at another one. */
export const operatorRegistryUrl = process.env.SCHEMA_REGISTRY_URL ?? urls.registry;

const security = loadConfig(connectionSecurityShape);

/**
 * The services' TLS and SASL variables, when set, say how to reach another cluster; else the local
 * stack's own (its `admin` principal when it runs secured).
 */
export const operatorKafkaSecurity: KafkaSecurity =
  security.KAFKA_SSL || security.KAFKA_SASL_MECHANISM ? kafkaSecurity(security) : stackKafkaSecurity();

/** The registry with SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD, when set. */
export const operatorRegistry: RegistryConnection = {
  url: operatorRegistryUrl,
  auth: registryAuth(security),
};

export function operatorKafka(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: operatorBrokers,
    logLevel: logLevel.NOTHING,
    // An operator at a prompt wants "unreachable" soon: with kafkajs' five retries a command took
    // 14 s to say so, with three 5 s (tsx's start-up included); three still ride out a moving
    // coordinator.
    retry: { retries: 3 },
    ...operatorKafkaSecurity,
  });
}

/**
 * Kafka not answering, worded as what to do next; any other error as it was. kafkajs wraps the
 * connection error of its last attempt in the one that says it gave up.
 */
export function explainUnreachable(error: unknown): unknown {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause.name === 'KafkaJSConnectionError') {
      return new Error(
        `cannot reach Kafka at ${operatorBrokers.join(',')} (${cause.message}); start it with "pnpm stack up", or set KAFKA_BROKERS`,
      );
    }
  }
  return error;
}

/** A participant's database: DATABASE_URL_<PARTICIPANT> as `pnpm start` honours it, else the local stack's. */
export function serviceDatabase(participant: Participant): postgres.Sql {
  const url = process.env[`DATABASE_URL_${participant.toUpperCase()}`] ?? `${urls.postgres}/${participant}`;
  return postgres(url, { max: 1, onnotice: () => {} });
}
