import { type ConfigShape, configKeys, loadConfig } from '@saga/saga-runtime';
import { participants, saga } from '@saga/schemas';
import { describe, expect, it } from 'vitest';
import { configShape as inventoryConfig } from '../../../inventory/src/config';
import { configShape as notificationConfig } from '../../../notification/src/config';
import { configShape as orderConfig } from '../../../order/src/config';
import { configShape as paymentConfig } from '../../../payment/src/config';
import {
  buildArgs,
  buildOf,
  compose,
  containerPorts,
  dependenciesOf,
  environmentOf,
  healthTest,
  hostOf,
  interpolate,
  service,
} from './compose-file';

// The four services in docker-compose.yml, each against the configuration shape it really reads.

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

describe('docker-compose.yml', () => {
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
        // The cluster profile's other nodes, when it is on (docker-compose.unit.spec.ts).
        'kafka-2': 'service_healthy',
        'kafka-3': 'service_healthy',
      });
    });
  });

  it('runs exactly the participants the saga declares, one service each (two in the cluster profile)', () => {
    const built = Object.entries(compose.services)
      .filter(([, svc]) => buildOf(svc)?.target !== 'provision' && svc.build !== undefined)
      .filter(([, svc]) => svc.profiles === undefined)
      .map(([name]) => name);
    expect(built.sort()).toEqual([...participants].sort());
    expect([...appNames].sort()).toEqual([...participants].sort());
  });
});
