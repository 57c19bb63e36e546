import { join } from 'node:path';
import { httpOk, StackError } from '../proc';
import { ports, postgres, urls } from '../settings';
import { javaComponent } from './java';
import { registryHome } from './maven';

const contentType = 'application/vnd.schemaregistry.v1+json';

/** Apicurio Registry serving the Confluent API at /apis/ccompat/v7, its storage in our Postgres. */
export const registry = javaComponent({
  name: 'registry',
  url: urls.registry,
  ports: [ports.registry, ports.registryManagement],
  java: { minimum: 21, purpose: 'Apicurio Registry 3' },
  async prepare() {
    return {
      args: ['-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-jar', join(registryHome, 'quarkus-run.jar')],
      cwd: registryHome,
      env: {
        QUARKUS_HTTP_HOST: '127.0.0.1',
        QUARKUS_HTTP_PORT: String(ports.registry),
        QUARKUS_MANAGEMENT_HOST: '127.0.0.1',
        QUARKUS_MANAGEMENT_PORT: String(ports.registryManagement),
        // Schemas must outlive a restart: the ids inside every Kafka message point at them.
        APICURIO_STORAGE_KIND: 'sql',
        APICURIO_STORAGE_SQL_KIND: 'postgresql',
        APICURIO_DATASOURCE_URL: `jdbc:postgresql://127.0.0.1:${ports.postgres}/schema_registry`,
        APICURIO_DATASOURCE_USERNAME: postgres.user,
        APICURIO_DATASOURCE_PASSWORD: postgres.password,
        APICURIO_DATASOURCE_JDBC_INITIAL_SIZE: '2',
        APICURIO_DATASOURCE_JDBC_MIN_SIZE: '2',
        APICURIO_DATASOURCE_JDBC_MAX_SIZE: '10',
        // Confluent clients expect Confluent-style ids (content ids), not Apicurio's legacy global ids.
        APICURIO_CCOMPAT_LEGACY_ID_MODE_ENABLED: 'false',
        QUARKUS_LOG_CONSOLE_JSON: 'false',
      },
    };
  },
  afterStart: enforceBackwardCompatibility,
  healthy: () => httpOk(`${urls.registry}/config`),
  startTimeoutMs: 120_000,
});

/** The global rule every subject inherits: a new schema must read data written with the old one. */
export async function enforceBackwardCompatibility(): Promise<void> {
  const response = await fetch(`${urls.registry}/config`, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: JSON.stringify({ compatibility: 'BACKWARD' }),
  });
  if (!response.ok) {
    throw new StackError(
      `registry: setting global compatibility failed: ${response.status} ${await response.text()}`,
    );
  }
}
