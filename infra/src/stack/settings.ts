import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything the local stack needs to know, read once from the environment. */
const env = process.env;
const num = (name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65_535) {
    throw new Error(`${name} must be a port number, got "${raw}"`);
  }
  return value;
};

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const stackDir = resolve(env.STACK_DIR ?? join(repoRoot, '.stack'));

export const versions = {
  kafkaLibs: join(stackDir, 'kafka', 'libs'),
  apicurio: '3.3.3',
  // Jaeger v2.13.0 is published to the Go module proxy as module version v1.76.0 (the same
  // commit); the README, "Services and the local stack", says why it is built from source.
  jaegerModule: 'github.com/jaegertracing/jaeger@v1.76.0',
  jaegerRelease: 'v2.13.0',
} as const;

export const ports = {
  postgres: num('PG_PORT', 5432),
  kafka: num('KAFKA_PORT', 9092),
  kafkaController: num('KAFKA_CONTROLLER_PORT', 9093),
  registry: num('REGISTRY_PORT', 8081),
  registryManagement: num('REGISTRY_MANAGEMENT_PORT', 9001),
  jaegerOtlpGrpc: num('JAEGER_OTLP_GRPC_PORT', 4317),
  jaegerOtlpHttp: num('JAEGER_OTLP_HTTP_PORT', 4318),
  jaegerQuery: num('JAEGER_QUERY_PORT', 16686),
  jaegerHealth: num('JAEGER_HEALTH_PORT', 13133),
} as const;

export const postgres = {
  user: 'postgres',
  password: 'postgres',
  databases: ['order', 'inventory', 'payment', 'notification', 'schema_registry'],
} as const;

export const urls = {
  postgres: `postgres://${postgres.user}:${postgres.password}@127.0.0.1:${ports.postgres}`,
  kafka: `127.0.0.1:${ports.kafka}`,
  registry: `http://127.0.0.1:${ports.registry}/apis/ccompat/v7`,
  jaegerOtlp: `http://127.0.0.1:${ports.jaegerOtlpHttp}`,
  jaegerQuery: `http://127.0.0.1:${ports.jaegerQuery}`,
} as const;

export const dirs = {
  logs: join(stackDir, 'logs'),
  run: join(stackDir, 'run'),
  bin: join(stackDir, 'bin'),
} as const;
