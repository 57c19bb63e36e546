import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPorts, participants } from '@saga/schemas/saga';

/**
 * Everything the local stack needs to know, read once from the environment. The README's
 * "Configuration" lists the variables; "`pnpm start` and `pnpm test` side by side" says how
 * instances share one cache of downloads while each keeps its own state and ports.
 */
const env = process.env;

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const stackDir = resolve(env.STACK_DIR ?? join(repoRoot, '.stack'));
/** Downloads and builds (jars, the registry, Jaeger, Python tools): fetched once, used by every instance. */
export const cacheDir = resolve(env.STACK_CACHE_DIR ?? stackDir);

const devInstance = 'dev';
export const instance = env.STACK_INSTANCE || devInstance;
if (!/^[a-z0-9][a-z0-9-]*$/.test(instance)) {
  throw new Error(`STACK_INSTANCE must be lower-case letters, digits and dashes, got "${instance}"`);
}
/** Data, logs and pids. The dev instance keeps them where they were before there were instances. */
export const instanceDir = instance === devInstance ? stackDir : join(stackDir, 'instances', instance);

const integer = (name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
};
// Another instance's default offset keeps every default port below 32768, where Linux starts
// handing out ephemeral ports to outgoing connections.
const portOffset = integer('STACK_PORT_OFFSET', instance === devInstance ? 0 : 10_000);
const port = (name: string, fallback: number): number => {
  const value = integer(name, fallback) + portOffset;
  if (value < 1 || value > 65_535) {
    throw new Error(`${name} plus STACK_PORT_OFFSET (${portOffset}) must be a port number, got ${value}`);
  }
  return value;
};

export const versions = {
  kafkaLibs: join(cacheDir, 'kafka', 'libs'),
  apicurio: '3.3.3',
  // Jaeger v2.13.0 is published to the Go module proxy as module version v1.76.0 (the same
  // commit); the README, "Services and the local stack", says why it is built from source.
  jaegerModule: 'github.com/jaegertracing/jaeger@v1.76.0',
  jaegerRelease: 'v2.13.0',
} as const;

export const ports = {
  postgres: port('PG_PORT', 5432),
  kafka: port('KAFKA_PORT', 9092),
  kafkaController: port('KAFKA_CONTROLLER_PORT', 9093),
  registry: port('REGISTRY_PORT', 8081),
  registryManagement: port('REGISTRY_MANAGEMENT_PORT', 9001),
  jaegerOtlpGrpc: port('JAEGER_OTLP_GRPC_PORT', 4317),
  jaegerOtlpHttp: port('JAEGER_OTLP_HTTP_PORT', 4318),
  jaegerQuery: port('JAEGER_QUERY_PORT', 16686),
  jaegerHealth: port('JAEGER_HEALTH_PORT', 13133),
} as const;

/** Where `pnpm start` and the e2e tests run each service: its declared port, moved by the instance's offset. */
export const servicePorts = Object.fromEntries(
  participants.map((name) => [name, defaultPorts[name] + portOffset]),
) as { [P in keyof typeof defaultPorts]: number };

export const postgres = {
  user: 'postgres',
  password: 'postgres',
  databases: ['order', 'inventory', 'payment', 'notification', 'schema_registry'],
  /** Where the server puts its Unix-domain socket, `.s.PGSQL.<port>`: the port keeps instances apart. */
  socketDirectory: '/tmp',
} as const;

export const urls = {
  postgres: `postgres://${postgres.user}:${postgres.password}@127.0.0.1:${ports.postgres}`,
  kafka: `127.0.0.1:${ports.kafka}`,
  registry: `http://127.0.0.1:${ports.registry}/apis/ccompat/v7`,
  jaegerOtlp: `http://127.0.0.1:${ports.jaegerOtlpHttp}`,
  jaegerQuery: `http://127.0.0.1:${ports.jaegerQuery}`,
} as const;

/**
 * The URL the services get: the server's Unix-domain socket, which costs the service and Postgres
 * less CPU per statement than loopback TCP (a saga step is a handful of short statements). Tools
 * keep `urls.postgres`.
 */
export const serviceDatabaseUrl = (database: string): string =>
  `${urls.postgres}/${database}?host=${postgres.socketDirectory}`;

export const dirs = {
  logs: join(instanceDir, 'logs'),
  run: join(instanceDir, 'run'),
  bin: join(cacheDir, 'bin'),
} as const;
