/**
 * Where the stack that integration tests run on listens. Vitest's global setup
 * (infra/src/dev/vitest-global-setup.ts) starts the tests' own stack instance and exports these
 * variables. Nothing falls back to a default: the defaults are the dev stack's, where tests must
 * never write.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: integration tests run under vitest's int or e2e project, whose global setup starts the tests' stack and sets it`,
    );
  }
  return value;
}

export const testStack = {
  /** A Postgres server, no database in the path: tests create and drop databases of their own there. */
  postgres: () => required('TEST_POSTGRES_URL'),
  kafkaBrokers: () => required('KAFKA_BROKERS').split(','),
  registry: () => required('SCHEMA_REGISTRY_URL'),
  otlpEndpoint: () => required('OTEL_EXPORTER_OTLP_ENDPOINT'),
  jaegerQuery: () => required('JAEGER_QUERY_URL'),
};
