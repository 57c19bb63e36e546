import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// By path, not as `@saga/schemas/saga`: vitest.config.ts reads these settings, and vitest bundles
// a config's relative imports but leaves a package's TypeScript to Node, which cannot load it.
import { defaultPorts, participants } from '../../../schemas/src/saga.ts';

/**
 * Everything the local stack needs to know, read from the environment. The README's
 * "Configuration" lists the variables; "`pnpm start` and `pnpm test` side by side" says how
 * instances share one cache of downloads while each keeps its own state and ports.
 *
 * The module's exports are this process's instance, read once; `stackSettings` builds another
 * instance's (vitest.config.ts points the cluster story at one while the other tests use `test`).
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const devInstance = 'dev';
/** The most Kafka nodes an instance runs: each takes two ports, 100 apart from the previous node's. */
const maxBrokers = 5;

/**
 * The port offsets of the instances the tests start, chosen so that no two instances share a port
 * and every port stays below 32768, where Linux starts handing out ports to outgoing connections:
 * a listener there fails to bind whenever some connection happens to hold its port.
 */
export const testPortOffsets = { plaintext: 10_000, cluster: 14_000, secured: 15_000 } as const;

/** One Kafka process: broker and controller in one, as the single node always was. */
export interface KafkaNode {
  /** The stack component's name: `kafka` alone, `kafka-1`… in a cluster. */
  name: string;
  id: number;
  port: number;
  controllerPort: number;
  /** Its config, data and formatted storage. */
  home: string;
}

export type StackSettings = ReturnType<typeof stackSettings>;

export function stackSettings(env: NodeJS.ProcessEnv) {
  const stackDir = resolve(env.STACK_DIR ?? join(repoRoot, '.stack'));
  /** Downloads and builds (jars, the registry, Jaeger, Python tools): fetched once, used by every instance. */
  const cacheDir = resolve(env.STACK_CACHE_DIR ?? stackDir);

  const instance = env.STACK_INSTANCE || devInstance;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(instance)) {
    throw new Error(`STACK_INSTANCE must be lower-case letters, digits and dashes, got "${instance}"`);
  }
  /** Data, logs and pids. The dev instance keeps them where they were before there were instances. */
  const instanceDir = instance === devInstance ? stackDir : join(stackDir, 'instances', instance);

  const integer = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${name} must be a whole number, got "${raw}"`);
    return value;
  };
  const portOffset = integer('STACK_PORT_OFFSET', instance === devInstance ? 0 : testPortOffsets.plaintext);
  const port = (name: string, fallback: number): number => {
    const value = integer(name, fallback) + portOffset;
    if (value < 1 || value > 65_535) {
      throw new Error(`${name} plus STACK_PORT_OFFSET (${portOffset}) must be a port number, got ${value}`);
    }
    return value;
  };

  const brokers = integer('STACK_BROKERS', 1);
  if (brokers < 1 || brokers > maxBrokers) {
    throw new Error(`STACK_BROKERS must be 1 to ${maxBrokers}, got ${brokers}`);
  }

  const ports = {
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

  // One broker keeps the name, ports and folder it always had, so an existing stack runs on as it
  // was; a cluster's nodes take the next ports 100 apart, clear of every other default port.
  const kafkaNodes: KafkaNode[] =
    brokers === 1
      ? [
          {
            name: 'kafka',
            id: 1,
            port: ports.kafka,
            controllerPort: ports.kafkaController,
            home: join(instanceDir, 'kafka'),
          },
        ]
      : Array.from({ length: brokers }, (_, index) => ({
          name: `kafka-${index + 1}`,
          id: index + 1,
          port: ports.kafka + 100 * index,
          controllerPort: ports.kafkaController + 100 * index,
          home: join(instanceDir, `kafka-${index + 1}`),
        }));

  /** Where `pnpm start` and the e2e tests run each service: its declared port, moved by the instance's offset. */
  const servicePorts = Object.fromEntries(
    participants.map((name) => [name, defaultPorts[name] + portOffset]),
  ) as { [P in keyof typeof defaultPorts]: number };

  const urls = {
    postgres: `postgres://${postgres.user}:${postgres.password}@127.0.0.1:${ports.postgres}`,
    /** The bootstrap list: every node, so a client starts whichever of them is down. */
    kafkaBrokers: kafkaNodes.map((node) => `127.0.0.1:${node.port}`),
    registry: `http://127.0.0.1:${ports.registry}/apis/ccompat/v7`,
    jaegerOtlp: `http://127.0.0.1:${ports.jaegerOtlpHttp}`,
    jaegerQuery: `http://127.0.0.1:${ports.jaegerQuery}`,
  } as const;

  const dirs = {
    logs: join(instanceDir, 'logs'),
    run: join(instanceDir, 'run'),
    bin: join(cacheDir, 'bin'),
  } as const;

  return {
    cacheDir,
    instance,
    instanceDir,
    portOffset,
    brokers,
    ports,
    kafkaNodes,
    servicePorts,
    urls,
    dirs,
  };
}

/** Every port an instance listens on, named by the setting that moves it. */
export function listeningPorts(settings: StackSettings): { name: string; port: number }[] {
  return [
    ...Object.entries(settings.ports).map(([name, port]) => ({ name, port })),
    // The first node's ports are `kafka` and `kafkaController` above.
    ...settings.kafkaNodes.slice(1).flatMap((node) => [
      { name: `${node.name} port`, port: node.port },
      { name: `${node.name} controller port`, port: node.controllerPort },
    ]),
    ...Object.entries(settings.servicePorts).map(([name, port]) => ({ name: `${name} service`, port })),
  ];
}

/** The instance's ports that an outgoing connection may hold at any moment, so that binding them can fail. */
export function portsAmongOutgoing(
  settings: StackSettings,
  range: { low: number; high: number } | undefined,
): { name: string; port: number }[] {
  if (range === undefined) return [];
  return listeningPorts(settings).filter(({ port }) => port >= range.low && port <= range.high);
}

/** The ports Linux gives outgoing connections (`ip_local_port_range`); undefined where it cannot say. */
export function localPortRange(): { low: number; high: number } | undefined {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high)
      ? { low, high }
      : undefined;
  } catch {
    return undefined;
  }
}

export const postgres = {
  user: 'postgres',
  password: 'postgres',
  databases: ['order', 'inventory', 'payment', 'notification', 'schema_registry'],
  /** Where the server puts its Unix-domain socket, `.s.PGSQL.<port>`: the port keeps instances apart. */
  socketDirectory: '/tmp',
} as const;

export const settings = stackSettings(process.env);
export const { cacheDir, instance, instanceDir, brokers, ports, kafkaNodes, servicePorts, urls, dirs } =
  settings;

/**
 * The URL the services get: the server's Unix-domain socket, which costs the service and Postgres
 * less CPU per statement than loopback TCP (a saga step is a handful of short statements). Tools
 * keep `urls.postgres`.
 */
export const serviceDatabaseUrl = (database: string): string =>
  `${urls.postgres}/${database}?host=${postgres.socketDirectory}`;

export const versions = {
  kafkaLibs: join(cacheDir, 'kafka', 'libs'),
  apicurio: '3.3.3',
  // Jaeger v2.13.0 is published to the Go module proxy as module version v1.76.0 (the same
  // commit); the README, "Services and the local stack", says why it is built from source.
  jaegerModule: 'github.com/jaegertracing/jaeger@v1.76.0',
  jaegerRelease: 'v2.13.0',
} as const;

/**
 * What the tests, and every process they start, need to reach an instance: set by the tests'
 * global setup for `test`, and by vitest.config.ts for the cluster story's instance.
 */
export function instanceEnv(settings: StackSettings): Record<string, string> {
  return {
    TEST_POSTGRES_URL: settings.urls.postgres,
    KAFKA_BROKERS: settings.urls.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: settings.urls.registry,
    OTEL_EXPORTER_OTLP_ENDPOINT: settings.urls.jaegerOtlp,
    JAEGER_QUERY_URL: settings.urls.jaegerQuery,
    JAEGER_UI_URL: settings.urls.jaegerQuery,
    REPLAY_AUDIT_LOG: join(settings.instanceDir, 'replay-audit.log'),
  };
}
