import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import type { ConnectionSecurity, KafkaSaslMechanism } from '../config';

/** What kafkajs needs to reach a secured cluster; empty for a plaintext broker. */
export interface KafkaSecurity {
  ssl?: true | ConnectionOptions;
  sasl?: SASLOptions;
}

/** The kafkajs options for the validated TLS and SASL variables (files are read here, once). */
export function kafkaSecurity(config: ConnectionSecurity): KafkaSecurity {
  return { ...tlsOptions(config), ...saslOptions(config) };
}

function tlsOptions(config: ConnectionSecurity): Pick<KafkaSecurity, 'ssl'> {
  if (!config.KAFKA_SSL) return {};
  const { KAFKA_SSL_CA_FILE: ca, KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: key } = config;
  if (!ca && !cert) return { ssl: true };
  return {
    ssl: {
      ...(ca ? { ca: [readFileSync(ca, 'utf8')] } : {}),
      ...(cert && key ? { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') } : {}),
    },
  };
}

function saslOptions(config: ConnectionSecurity): Pick<KafkaSecurity, 'sasl'> {
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = config;
  // The config checks refuse a mechanism without both; this only narrows the types.
  if (!mechanism || username === undefined || password === undefined) return {};
  return { sasl: { mechanism, username, password } as SASLOptions };
}

/** Basic auth for the schema registry, when both variables are set. */
export function registryAuth(config: ConnectionSecurity): { username: string; password: string } | undefined {
  const { SCHEMA_REGISTRY_USERNAME: username, SCHEMA_REGISTRY_PASSWORD: password } = config;
  return username !== undefined && password !== undefined ? { username, password } : undefined;
}

const mechanismName = (mechanism: KafkaSaslMechanism) => mechanism.toUpperCase();

interface KafkaErrorLike {
  name?: string;
  message?: string;
  type?: string;
  code?: string;
  cause?: unknown;
  originalError?: unknown;
}

/** The error and what it wraps (kafkajs nests the broker's answer as `originalError` or `cause`). */
function chain(error: unknown): KafkaErrorLike[] {
  const links: KafkaErrorLike[] = [];
  let current = error;
  while (current && typeof current === 'object' && links.length < 10) {
    const link = current as KafkaErrorLike;
    links.push(link);
    current = link.originalError ?? link.cause;
  }
  return links;
}

const TLS_CODE = /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_(GET|VERIFY)/;

/**
 * One line that names why Kafka refused a connection at start and which variable to look at; the
 * innermost message otherwise. Never includes the password.
 */
export function describeKafkaFailure(
  error: unknown,
  brokers: readonly string[],
  security: KafkaSecurity,
): string {
  const links = chain(error);
  const at = brokers.join(',');
  const sasl = security.sasl as { mechanism: KafkaSaslMechanism; username: string } | undefined;
  const saslFailure = links.find((link) => link.name === 'KafkaJSSASLAuthenticationError');
  if (saslFailure && sasl) {
    if (/not supported|UNSUPPORTED_SASL_MECHANISM/i.test(saslFailure.message ?? '')) {
      return `Kafka at ${at} does not offer SASL ${mechanismName(sasl.mechanism)}: check KAFKA_SASL_MECHANISM`;
    }
    return `Kafka SASL authentication failed for user ${sasl.username} (${mechanismName(sasl.mechanism)}): check KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD`;
  }
  const denied = links.find((link) => link.type?.endsWith('_AUTHORIZATION_FAILED'));
  if (denied) {
    const who = sasl ? `user ${sasl.username}` : 'this client';
    return `Kafka at ${at} refused ${who} (${denied.type}): its principal lacks an ACL for this`;
  }
  const tls = links.find((link) => link.code !== undefined && TLS_CODE.test(link.code));
  if (tls) {
    return `Kafka TLS handshake with ${at} failed (${tls.code}): check KAFKA_SSL_CA_FILE and the broker's certificate`;
  }
  const innermost = links.at(-1)?.message ?? String(error);
  const hint =
    security.sasl || security.ssl
      ? ''
      : '; if it requires TLS or SASL, set KAFKA_SSL or KAFKA_SASL_MECHANISM';
  return `cannot connect to Kafka at ${at}: ${innermost.replace(/\s+/g, ' ')}${hint}`;
}
