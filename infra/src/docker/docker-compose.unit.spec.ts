import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConfigShape, configKeys, loadConfig } from '@saga/saga-runtime';
import { participants, saga } from '@saga/schemas';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configShape as inventoryConfig } from '../../../inventory/src/config';
import { configShape as notificationConfig } from '../../../notification/src/config';
import { configShape as orderConfig } from '../../../order/src/config';
import { configShape as paymentConfig } from '../../../payment/src/config';
import { serviceNodeFlags } from '../dev/services';

// Static checks of docker-compose.yml and the Dockerfile; nothing here needs Docker.

interface BuildSpec {
  context?: string;
  dockerfile?: string;
  target?: string;
  args?: Record<string, unknown> | string[];
}

interface ComposeService {
  image?: string;
  build?: string | BuildSpec;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  ports?: (string | number | { target: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
}

interface ComposeFile {
  version?: unknown;
  services: Record<string, ComposeService>;
}

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
// `merge: true` resolves the `<<: *anchor` keys the way docker compose does.
const compose = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
const dockerfile = read('Dockerfile');
const rootPackage = JSON.parse(read('package.json')) as { packageManager: string };

const apps = {
  order: orderConfig,
  inventory: inventoryConfig,
  payment: paymentConfig,
  notification: notificationConfig,
} satisfies Record<string, ConfigShape>;
type App = keyof typeof apps;
const appNames = Object.keys(apps) as App[];

/** Standard OpenTelemetry SDK variables, read by the SDK itself rather than by a service's configShape. */
const otelSdkVariables = new Set([
  'OTEL_SDK_DISABLED',
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_LOG_LEVEL',
  'OTEL_PROPAGATORS',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_TRACES_EXPORTER',
  'OTEL_METRICS_EXPORTER',
  'OTEL_LOGS_EXPORTER',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_BSP_SCHEDULE_DELAY',
  'OTEL_NODE_RESOURCE_DETECTORS',
  'OTEL_NODE_ENABLED_INSTRUMENTATIONS',
  'OTEL_NODE_DISABLED_INSTRUMENTATIONS',
]);

/** What a user must supply for `${VAR:?message}`; everything else takes its `${VAR:-default}`. */
const requiredFromUser: Record<string, string> = { ADMIN_TOKEN: 'a-token-chosen-by-the-user' };

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** Compose's variable interpolation, enough for this file: $$, ${VAR}, ${VAR:-default}, ${VAR:?error}. */
function interpolate(value: string, env: Record<string, string> = requiredFromUser): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (match, name, op, arg) => {
    if (match === '$$') return '$';
    const set = env[name];
    const present = op?.startsWith(':') ? set !== undefined && set !== '' : set !== undefined;
    if (present) return set!;
    if (op?.endsWith('?')) throw new Error(`compose would stop: ${name} is required (${arg})`);
    return op?.endsWith('-') ? arg : '';
  });
}

/** A service's environment as compose passes it (after interpolation), list or map form alike. */
function environmentOf(svc: ComposeService): Record<string, string> {
  const raw = svc.environment ?? {};
  const entries = Array.isArray(raw)
    ? raw.map((item) => {
        const at = item.indexOf('=');
        return at === -1 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)];
      })
    : Object.entries(raw).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value!)]));
}

function dependenciesOf(svc: ComposeService): Record<string, string | undefined> {
  const raw = svc.depends_on ?? {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(raw).map(([name, spec]) => [name, spec?.condition]));
}

function buildOf(svc: ComposeService): BuildSpec | undefined {
  return typeof svc.build === 'string' ? { context: svc.build } : svc.build;
}

function buildArgs(build: BuildSpec | undefined): Record<string, string> {
  const raw = build?.args ?? {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((item) => item.split(/=(.*)/s).slice(0, 2)));
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, String(value)]));
}

/** Container ports a service publishes. */
function containerPorts(svc: ComposeService): number[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port === 'object') return port.target;
    const spec = String(port).split('/')[0]!;
    return Number(spec.split(':').at(-1));
  });
}

const oneShot = (svc: ComposeService) => svc.restart === 'no';
const healthTest = (svc: ComposeService) => [svc.healthcheck?.test ?? []].flat().join(' ');

/** An exact version: a digest, or a tag with at least major.minor, never `latest` or a bare major. */
function pinningProblem(image: string): string | undefined {
  if (image.includes('$')) return 'comes from a variable';
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const name = image.slice(image.lastIndexOf('/') + 1);
  const tag = name.includes(':') ? name.slice(name.indexOf(':') + 1) : undefined;
  if (tag === undefined) return 'has no tag (means latest)';
  if (tag === 'latest') return 'is tagged latest';
  if (!/^v?\d+\.\d+/.test(tag)) return `tag "${tag}" is not an exact version`;
  return undefined;
}

const hostOf = (url: string) => new URL(url).host;

describe('docker-compose.yml', () => {
  it('uses the compose specification (no version key) and defines services', () => {
    expect(compose.version).toBeUndefined();
    expect(Object.keys(compose.services).length).toBeGreaterThan(0);
  });

  it('pins every image to an exact version', () => {
    const problems = Object.entries(compose.services).flatMap(([name, svc]) => {
      const problem = svc.image === undefined ? undefined : pinningProblem(svc.image);
      return problem ? [`${name}: image ${svc.image} ${problem}`] : [];
    });
    expect(problems, 'images must be pinned').toEqual([]);
  });

  it('gives every service either an image or a build from the one Dockerfile', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      const build = buildOf(svc);
      expect(svc.image ?? build, `${name} has neither image nor build`).toBeDefined();
      if (build) {
        expect([build.context, build.dockerfile ?? 'Dockerfile'], name).toEqual(['.', 'Dockerfile']);
      }
    }
  });

  it('has a health check on every long-running service; only `topics` runs once', () => {
    const oneShots = Object.entries(compose.services).filter(([, svc]) => oneShot(svc));
    expect(oneShots.map(([name]) => name)).toEqual(['topics']);
    const missing = Object.entries(compose.services)
      .filter(([, svc]) => !oneShot(svc))
      .filter(([, svc]) => !svc.healthcheck?.test || svc.healthcheck.disable || healthTest(svc) === 'NONE')
      .map(([name]) => name);
    expect(missing, 'long-running services without a health check').toEqual([]);
  });

  it('waits for each dependency by condition: healthy, or completed for the one-shot step', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(svc))) {
        const target = compose.services[dependency];
        expect(target, `${name} depends on unknown service ${dependency}`).toBeDefined();
        const expected = oneShot(target!) ? 'service_completed_successfully' : 'service_healthy';
        expect(condition, `${name} -> ${dependency}`).toBe(expected);
      }
    }
  });

  describe('kafka', () => {
    const kafka = service('kafka');
    const env = environmentOf(kafka);

    it('is Apache Kafka 4 in KRaft combined mode', () => {
      expect(kafka.image).toMatch(/^apache\/kafka:4\./);
      expect(env.KAFKA_PROCESS_ROLES?.split(',').sort()).toEqual(['broker', 'controller']);
      expect(env.KAFKA_NODE_ID).toBeDefined();
      expect(
        env.KAFKA_CONTROLLER_QUORUM_VOTERS ?? env.KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS,
      ).toBeDefined();
      expect(env.KAFKA_CONTROLLER_LISTENER_NAMES).toBeDefined();
      expect(Object.keys(env).filter((key) => key.includes('ZOOKEEPER'))).toEqual([]);
    });

    it('never creates topics on its own', () => {
      expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    });

    it('advertises kafka:9092 to containers and a localhost listener to the host', () => {
      const advertised = env.KAFKA_ADVERTISED_LISTENERS?.split(',') ?? [];
      expect(advertised.some((listener) => listener.endsWith('//kafka:9092'))).toBe(true);
      const external = advertised.find((listener) => listener.includes('//localhost:'));
      expect(external, 'no listener advertised as localhost').toBeDefined();
      expect(containerPorts(kafka)).toContain(Number(external!.split(':').at(-1)));
    });

    it('is checked with the scripts that ship in the image', () => {
      expect(healthTest(kafka)).toMatch(/\/opt\/kafka\/bin\/kafka-(broker-api-versions|topics)\.sh/);
    });
  });

  describe('schema-registry', () => {
    const registry = service('schema-registry');
    const env = environmentOf(registry);

    it('is Confluent Schema Registry, stored in kafka, BACKWARD compatible by default', () => {
      expect(registry.image).toMatch(/^confluentinc\/cp-schema-registry:[78]\./);
      expect(env.SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS).toMatch(/(^|\/\/|,)kafka:9092\b/);
      expect(env.SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL?.toLowerCase()).toBe('backward');
      expect(containerPorts(registry)).toContain(8081);
      expect(healthTest(registry)).toContain('/subjects');
    });
  });

  describe('kafka-ui', () => {
    const ui = service('kafka-ui');
    const env = environmentOf(ui);

    it('shows the kafka cluster with its schema registry, so Avro values appear decoded', () => {
      expect(ui.image).toMatch(/^kafbat\/kafka-ui:/);
      expect(env.KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS?.split(',')).toContain('kafka:9092');
      expect(hostOf(env.KAFKA_CLUSTERS_0_SCHEMAREGISTRY ?? 'http://missing')).toBe('schema-registry:8081');
      expect(Object.keys(dependenciesOf(ui)).sort()).toEqual(['kafka', 'schema-registry']);
      expect(healthTest(ui)).toContain('/actuator/health');
    });
  });

  describe('jaeger', () => {
    const jaeger = service('jaeger');

    it('is Jaeger v2 taking OTLP over gRPC and HTTP, with its UI', () => {
      expect(jaeger.image).toMatch(/^jaegertracing\/jaeger:2\./);
      expect(containerPorts(jaeger)).toEqual(expect.arrayContaining([4317, 4318, 16686]));
      expect(healthTest(jaeger)).toContain(':13133/');
    });
  });

  describe('postgres', () => {
    const postgres = service('postgres');

    it('is PostgreSQL 17 with logical decoding', () => {
      expect(postgres.image).toMatch(/^postgres:17\.\d+-bookworm$/);
      expect([postgres.command ?? []].flat().join(' ')).toContain('wal_level=logical');
      expect(healthTest(postgres)).toContain('pg_isready');
    });

    it('creates one database per service from an init script', () => {
      const initScripts = (postgres.volumes ?? [])
        .map((volume) =>
          typeof volume === 'string' ? volume.split(':') : [volume.source ?? '', volume.target],
        )
        .filter(([, target]) => target?.startsWith('/docker-entrypoint-initdb.d'))
        .map(([source]) => source!);
      expect(initScripts.length).toBeGreaterThan(0);
      const sql = initScripts.map((source) => read(source)).join('\n');
      for (const app of appNames) {
        expect(sql, `no database for ${app}`).toMatch(new RegExp(`create\\s+database\\s+"?${app}"?`, 'i'));
      }
    });
  });

  describe('topics', () => {
    const topics = service('topics');

    it('runs once, from the Dockerfile, after kafka and the registry are healthy', () => {
      expect(topics.restart).toBe('no');
      expect(buildOf(topics)?.target).toBe('provision');
      expect(dependenciesOf(topics)).toEqual({
        kafka: 'service_healthy',
        'schema-registry': 'service_healthy',
      });
      const env = environmentOf(topics);
      expect(env.KAFKA_BROKERS?.split(',')).toEqual(['kafka:9092']);
      expect(hostOf(env.SCHEMA_REGISTRY_URL ?? 'http://missing')).toBe('schema-registry:8081');
    });

    it('creates the topics of the one declarative list and registers the schemas', () => {
      expect(dockerfile).toMatch(/FROM \S+ AS provision[\s\S]*CMD \[[^\]]*"infra\/docker\/provision\.ts"\]/);
      const script = read('infra/docker/provision.ts');
      expect(script).toMatch(/import \{[^}]*\btopics\b[^}]*\} from '@saga\/schemas'/);
      expect(script).toMatch(/ensureTopics\(\w+, topics\b/);
      expect(script).toContain('registerAll(');
    });
  });

  describe.each(appNames)('%s', (app) => {
    const svc = service(app);
    const env = environmentOf(svc);
    const shape = apps[app];

    it('is built from the one Dockerfile with SERVICE set to its name', () => {
      const build = buildOf(svc);
      expect(build?.target ?? 'service').toBe('service');
      expect(buildArgs(build)).toEqual({ SERVICE: app });
      expect(svc.image).toBeUndefined();
    });

    it('sets only variables the service reads, or standard OpenTelemetry SDK ones', () => {
      const read = new Set(configKeys(shape));
      const unknown = Object.keys(env).filter((key) => !read.has(key) && !otelSdkVariables.has(key));
      expect(
        unknown,
        `${app} does not read these (not in its configShape, not an OTEL SDK variable)`,
      ).toEqual([]);
    });

    it('points at the compose services', () => {
      const database = new URL(env.DATABASE_URL ?? 'postgres://missing/');
      expect([database.hostname, database.port || '5432', database.pathname]).toEqual([
        'postgres',
        '5432',
        `/${app}`,
      ]);
      expect(env.KAFKA_BROKERS?.split(',').map((broker) => broker.trim())).toEqual(['kafka:9092']);
      expect(hostOf(env.SCHEMA_REGISTRY_URL ?? 'http://missing')).toBe('schema-registry:8081');
      expect(hostOf(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://missing')).toBe('jaeger:4318');
      expect(env.OTEL_SERVICE_NAME).toBe(app);
    });

    it('has a configuration the service accepts, in production mode', () => {
      expect(env.NODE_ENV).toBe('production');
      expect(() => loadConfig(shape, env)).not.toThrow();
    });

    it('fails up front, not at service start, when the user supplies no ADMIN_TOKEN', () => {
      // NODE_ENV=production refuses a missing or development ADMIN_TOKEN; compose must say so first
      // (`${ADMIN_TOKEN:?...}`) unless what it passes without one is acceptable.
      const raw = svc.environment as Record<string, unknown>;
      let bare: Record<string, string>;
      try {
        bare = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, interpolate(String(v ?? ''), {})]));
      } catch (error) {
        expect(String(error)).toMatch(/ADMIN_TOKEN is required/);
        return;
      }
      expect(() => loadConfig(shape, bare)).not.toThrow();
    });

    it('publishes the port the saga declares, which is its PORT default, and its health check finds it too', () => {
      const port = Number(env.PORT);
      expect(port).toBe(saga[app].port);
      expect(containerPorts(svc)).toEqual([port]);
      expect(shape.PORT.parse(undefined)).toBe(port);
      expect(healthTest(svc)).toContain('infra/docker/healthcheck.mjs');
    });

    it('starts after its infrastructure is healthy and the topics exist', () => {
      expect(dependenciesOf(svc)).toEqual({
        postgres: 'service_healthy',
        kafka: 'service_healthy',
        'schema-registry': 'service_healthy',
        jaeger: 'service_healthy',
        topics: 'service_completed_successfully',
      });
    });
  });

  it('runs exactly the participants the saga declares, one service each', () => {
    const built = Object.entries(compose.services)
      .filter(([, svc]) => buildOf(svc)?.target !== 'provision' && svc.build !== undefined)
      .map(([name]) => name);
    expect(built.sort()).toEqual([...participants].sort());
    expect([...appNames].sort()).toEqual([...participants].sort());
  });
});

describe('Dockerfile', () => {
  it('selects the service with a SERVICE build arg and runs its compiled main.js', () => {
    expect(dockerfile).toMatch(/^ARG SERVICE\b/m);
    expect(dockerfile).toMatch(/^FROM \S+ AS service$/m);
    expect(dockerfile).toMatch(/^RUN pnpm build$/m);
    expect(dockerfile).toMatch(
      /node --conditions=compiled (--\S+ )*(--import \S+ )*\\?"\$\{?SAGA_SERVICE\}?\/dist\/main\.js/,
    );
    expect(dockerfile).toMatch(/^ENV SAGA_SERVICE=\$\{SERVICE\}/m);
  });

  it('gives the service the heap limits the local services run with', () => {
    const nodeOptions = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile)?.[1];
    expect(nodeOptions?.split(' ')).toEqual(serviceNodeFlags);
  });

  it('starts tracing before the service code loads, so Jaeger gets its spans', () => {
    const register = /--import \.\/saga-runtime\/(dist\/telemetry\/register\.js) /.exec(dockerfile)?.[1];
    expect(register, 'the service command does not --import the telemetry register').toBeDefined();
    const exported = JSON.parse(read('saga-runtime/package.json')).exports['./telemetry/register'];
    expect(exported.compiled).toBe(`./${register}`);
    expect(read(`saga-runtime/${exported.default.slice(2)}`)).toContain('startTracing(');
  });

  it('starts from a pinned Node 20 slim image and the pnpm version package.json pins', () => {
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(base).toMatch(/^node:20\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
    const pnpmVersion = rootPackage.packageManager.replace(/^pnpm@/, '');
    expect(dockerfile).toContain(`npm i -g pnpm@${pnpmVersion}`);
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
  });

  it('copies the manifest of every workspace package before installing', () => {
    const { packages } = parse(read('pnpm-workspace.yaml')) as { packages: string[] };
    for (const pkg of packages) expect(dockerfile).toContain(`COPY ${pkg}/package.json ${pkg}/`);
  });

  it('runs as a non-root user in production mode, with a health check on /health', () => {
    const users = [...dockerfile.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*infra\/docker\/healthcheck\.mjs/m);
    const healthcheck = read('infra/docker/healthcheck.mjs');
    expect(healthcheck).toMatch(/http:\/\/127\.0\.0\.1:\$\{port\}\/health/);
    // Without PORT it reads the default port from the compiled saga declaration.
    const compiled = JSON.parse(read('schemas/package.json')).exports['./saga'].compiled.slice(2);
    expect(healthcheck).toContain(`../../schemas/${compiled}`);
  });
});
