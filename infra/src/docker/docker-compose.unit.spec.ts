import { participants, replicationFor, saga } from '@saga/schemas';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  buildOf,
  type ComposeService,
  compose,
  containerPorts,
  dependenciesOf,
  dockerfile,
  envFile,
  environmentOf,
  exists,
  healthTest,
  hostOf,
  mountsOf,
  oneShot,
  pinningProblem,
  read,
  repoPathOf,
  service,
} from './compose-file';
import { dashboard, dashboardFile } from './grafana-dashboard';

// docker-compose.yml as a whole and its infrastructure; the four services are checked in
// compose-services.unit.spec.ts, the Dockerfile in dockerfile.unit.spec.ts.

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
      const initScripts = mountsOf(postgres)
        .filter(({ target }) => target.startsWith('/docker-entrypoint-initdb.d'))
        .map(({ source }) => source);
      expect(initScripts.length).toBeGreaterThan(0);
      const sql = initScripts.map((source) => read(source)).join('\n');
      for (const app of participants) {
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

  /** Every file a service mounts from the repository is there. */
  const mountedFromRepository = (name: string) => {
    const sources = mountsOf(service(name))
      .filter(({ source }) => source.startsWith('./'))
      .map(({ source }) => source.slice(2));
    expect(sources.length, `${name} mounts nothing from the repository`).toBeGreaterThan(0);
    expect(
      sources.filter((source) => !exists(source)),
      `${name} mounts what is not there`,
    ).toEqual([]);
  };

  describe('prometheus', () => {
    const prometheus = service('prometheus');
    const config = parse(read(repoPathOf(prometheus, '/etc/prometheus/prometheus.yml'))) as {
      scrape_configs: { metrics_path?: string; static_configs: { targets: string[] }[] }[];
    };

    it('is Prometheus, its configuration mounted from the repository, ready on /-/ready', () => {
      expect(prometheus.image).toMatch(/^prom\/prometheus:v3\./);
      mountedFromRepository('prometheus');
      expect(containerPorts(prometheus)).toEqual([9090]);
      expect(healthTest(prometheus)).toContain(':9090/-/ready');
    });

    it('scrapes /metrics of exactly the services the saga declares, on the ports it declares', () => {
      const targets = config.scrape_configs.flatMap((job) => {
        expect(job.metrics_path ?? '/metrics').toBe('/metrics');
        return job.static_configs.flatMap((group) => group.targets);
      });
      expect(targets.sort()).toEqual(participants.map((app) => `${app}:${saga[app].port}`).sort());
    });
  });

  describe('grafana', () => {
    const grafana = service('grafana');
    const env = environmentOf(grafana);
    const provisioned = (path: string) =>
      parse(read(repoPathOf(grafana, `/etc/grafana/provisioning/${path}`)));
    const [datasource] = provisioned('datasources/prometheus.yml').datasources;
    const [provider] = provisioned('dashboards/saga-platform.yml').providers;

    it('is Grafana, started once Prometheus is healthy, open to anonymous viewers, healthy on /api/health', () => {
      expect(grafana.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
      mountedFromRepository('grafana');
      expect(dependenciesOf(grafana)).toEqual({ prometheus: 'service_healthy' });
      expect([env.GF_AUTH_ANONYMOUS_ENABLED, env.GF_AUTH_ANONYMOUS_ORG_ROLE]).toEqual(['true', 'Viewer']);
      expect(containerPorts(grafana)).toEqual([3000]);
      expect(healthTest(grafana)).toContain(':3000/api/health');
    });

    it('reads the compose network’s Prometheus as its default datasource', () => {
      expect(datasource).toMatchObject({ type: 'prometheus', access: 'proxy', isDefault: true });
      expect(hostOf(datasource.url)).toBe(`prometheus:${containerPorts(service('prometheus'))[0]}`);
    });

    it('provisions the dashboard from the repository and opens it as the home page', () => {
      expect(provider).toMatchObject({ type: 'file', allowUiUpdates: false });
      const home = repoPathOf(grafana, env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '');
      expect(home).toBe(dashboardFile);
      expect(home.startsWith(`${repoPathOf(grafana, provider.options.path)}/`)).toBe(true);
    });

    it('queries that datasource in every panel of the dashboard', () => {
      const uids = dashboard.panels.flatMap((panel) => [
        panel.datasource.uid,
        ...panel.targets.map((query) => query.datasource.uid),
      ]);
      expect(new Set(uids)).toEqual(new Set([datasource.uid]));
    });
  });
});

describe('docker-compose.yml, profile cluster (docker compose --env-file infra/docker/cluster.env)', () => {
  const variables = envFile('infra/docker/cluster.env');
  const inCluster = (svc: ComposeService) => svc.profiles === undefined || svc.profiles.includes('cluster');
  const nodes = ['kafka', 'kafka-2', 'kafka-3'];
  const bootstrap = nodes.map((node) => `${node}:9092`);
  const envOf = (name: string) => environmentOf(service(name), variables);

  it('is what the env file turns on, and only the extra nodes and replicas belong to it alone', () => {
    expect(variables.COMPOSE_PROFILES).toBe('cluster');
    const clusterOnly = Object.entries(compose.services).filter(([, svc]) => svc.profiles !== undefined);
    expect(clusterOnly.map(([name]) => name).sort()).toEqual(
      ['kafka-2', 'kafka-3', ...participants.map((app) => `${app}-2`)].sort(),
    );
    expect(clusterOnly.every(([, svc]) => svc.profiles?.join() === 'cluster')).toBe(true);
  });

  it('runs three combined KRaft nodes of one cluster, each a voter, each advertising itself', () => {
    const voters = nodes.map((node, index) => `${index + 1}@${node}:9093`);
    const published: number[] = [];
    for (const [index, node] of nodes.entries()) {
      const svc = service(node);
      const env = envOf(node);
      expect(svc.image, node).toBe(service('kafka').image);
      expect(env.KAFKA_PROCESS_ROLES, node).toBe('broker,controller');
      expect(env.KAFKA_NODE_ID, node).toBe(String(index + 1));
      expect(env.CLUSTER_ID, node).toBe(envOf('kafka').CLUSTER_ID);
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS?.split(','), node).toEqual(voters);
      expect(env.KAFKA_LISTENERS, node).toContain('CONTROLLER://0.0.0.0:9093');
      const advertised = env.KAFKA_ADVERTISED_LISTENERS?.split(',') ?? [];
      expect(advertised, node).toContain(`INTERNAL://${node}:9092`);
      const external = Number(
        advertised
          .find((listener) => listener.includes('//localhost:'))
          ?.split(':')
          .at(-1),
      );
      published.push(...(svc.ports ?? []).map((port) => Number(String(port).split(':').at(-2))));
      expect(published, node).toContain(external);
      expect(healthTest(svc), node).toMatch(/kafka-broker-api-versions\.sh/);
      expect(
        mountsOf(svc).map(({ target }) => target),
        node,
      ).toEqual(['/var/lib/kafka/data']);
    }
    expect(new Set(published).size).toBe(nodes.length);
    expect(new Set(nodes.map((node) => mountsOf(service(node))[0]?.source)).size).toBe(nodes.length);
  });

  it('replicates every topic, internal ones too, three times with two in sync, as replicationFor(3) says', () => {
    const { replicationFactor, minInsyncReplicas } = replicationFor(3);
    for (const node of nodes) {
      const env = envOf(node);
      for (const key of [
        'KAFKA_DEFAULT_REPLICATION_FACTOR',
        'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
        'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
        'KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR',
      ])
        expect(env[key], `${node} ${key}`).toBe(String(replicationFactor));
      for (const key of ['KAFKA_MIN_INSYNC_REPLICAS', 'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR'])
        expect(env[key], `${node} ${key}`).toBe(String(minInsyncReplicas));
    }
    expect(envOf('topics')).toMatchObject({
      TOPIC_REPLICATION_FACTOR: String(replicationFactor),
      TOPIC_MIN_INSYNC_REPLICAS: String(minInsyncReplicas),
    });
    expect(envOf('schema-registry').SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR).toBe(
      String(replicationFactor),
    );
  });

  it('gives every Kafka client the whole bootstrap list: services, provisioning, registry, Kafka UI', () => {
    for (const app of participants.flatMap((name) => [name, `${name}-2`]))
      expect(envOf(app).KAFKA_BROKERS?.split(','), app).toEqual(bootstrap);
    expect(envOf('topics').KAFKA_BROKERS?.split(',')).toEqual(bootstrap);
    expect(envOf('schema-registry').SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS?.split(',')).toEqual(
      bootstrap,
    );
    expect(envOf('kafka-ui').KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS?.split(',')).toEqual(bootstrap);
  });

  it('runs a second replica of each service: same build and database, health-checked, waiting for all three nodes', () => {
    for (const app of participants) {
      const first = service(app);
      const second = service(`${app}-2`);
      expect(buildOf(second), app).toEqual(buildOf(first));
      expect(envOf(`${app}-2`).DATABASE_URL, app).toBe(envOf(app).DATABASE_URL);
      expect(second.ports ?? [], `${app}-2 publishes no host port`).toEqual([]);
      expect(healthTest(second), app).toBe(healthTest(first));
      for (const node of nodes)
        expect(dependenciesOf(second)[node], `${app}-2 -> ${node}`).toBe('service_healthy');
    }
  });

  it('leaves the default stack alone: the extra nodes are optional dependencies, the defaults one broker', () => {
    const optional = (svc: ComposeService) =>
      Object.entries((svc.depends_on ?? {}) as Record<string, { required?: boolean }>)
        .filter(([, spec]) => spec.required === false)
        .map(([name]) => name);
    for (const app of participants) expect(optional(service(app)), app).toEqual(['kafka-2', 'kafka-3']);
    expect(Object.values(compose.services).filter((svc) => !inCluster(svc))).toEqual([]);
    const single = environmentOf(service('kafka'));
    expect(single.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@localhost:9093');
    expect(single.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('1');
  });
});
