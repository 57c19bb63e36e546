import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Participant, participants } from '@saga/schemas';
import { serviceKafkaCredentials } from '../stack/kafka-security';
import { repoRoot, serviceDatabaseUrl, servicePorts, urls } from '../stack/settings';

/** The saga's participants, each run as a service on its port in the stack instance. */
export const serviceNames = participants;
export type ServiceName = Participant;

/**
 * V8 heap settings of a service process, as the Dockerfile's NODE_OPTIONS. Without a limit, V8
 * sizes its heap for this machine's memory and lets garbage pile up to over 300 MB of RSS under
 * load; with one, it collects sooner and peaks near 150 MB, at no cost in throughput the bench
 * could see. A service's live heap stays far below the limit, even with 10,000 requests open.
 *
 * Not `--enable-source-maps`: Node 20 then parses the map of every module it loads, OpenTelemetry's
 * hundreds included, which cost each service 10-20 MB of peak RSS and 0.6 s of CPU at start-up. Set
 * NODE_OPTIONS=--enable-source-maps to read stack traces against the TypeScript sources.
 */
export const serviceNodeFlags = ['--max-old-space-size=192', '--max-semi-space-size=4'];

export interface ServiceProcess {
  name: ServiceName;
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

export interface StartServiceOptions {
  port?: number;
  env?: Record<string, string>;
  /** Extra Node flags, e.g. `--cpu-prof` for a profile written when the service exits. */
  nodeArgs?: string[];
  /** Receives each output line of the service (JSON logs), e.g. to prefix and print it. */
  onLine?(name: ServiceName, line: string): void;
}

/**
 * A service's environment: the stack instance's Postgres, Kafka, registry and Jaeger, since the
 * services' own defaults are the dev instance's. `DATABASE_URL_<SERVICE>` points it at another
 * Postgres; KAFKA_BROKERS, SCHEMA_REGISTRY_URL, OTEL_EXPORTER_OTLP_ENDPOINT, JAEGER_UI_URL and
 * JAEGER_QUERY_URL, when set, win over the instance's.
 */
export function serviceEnv(
  name: ServiceName,
  port: number,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env = process.env;
  return {
    ...env,
    PORT: String(port),
    DATABASE_URL: env[`DATABASE_URL_${name.toUpperCase()}`] ?? serviceDatabaseUrl(name),
    KAFKA_BROKERS: env.KAFKA_BROKERS ?? urls.kafkaBrokers.join(','),
    // Its own principal on a secured local Kafka, unless the shell points it at another cluster.
    ...(env.KAFKA_SASL_MECHANISM ? {} : serviceKafkaCredentials(name)),
    SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL ?? urls.registry,
    OTEL_SERVICE_NAME: name,
    OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT ?? urls.jaegerOtlp,
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    JAEGER_UI_URL: env.JAEGER_UI_URL ?? urls.jaegerQuery,
    JAEGER_QUERY_URL: env.JAEGER_QUERY_URL ?? urls.jaegerQuery,
    ...extra,
  };
}

/**
 * Runs one service as its own Node process, the way production does: the compiled JavaScript
 * (`buildAll` in build.ts must have run), with tracing registered before main.js imports anything.
 */
export function startService(name: ServiceName, options: StartServiceOptions = {}): ServiceProcess {
  const port = options.port ?? servicePorts[name];
  const child = spawn(
    process.execPath,
    [
      ...serviceNodeFlags,
      ...(options.nodeArgs ?? []),
      '--conditions=compiled',
      '--import',
      '@saga/saga-runtime/telemetry/register',
      'dist/main.js',
    ],
    {
      cwd: join(repoRoot, name),
      env: serviceEnv(name, port, options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => options.onLine?.(name, line));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, port, child, exited };
}

/** Resolves once GET /ready answers 200, i.e. database, Kafka and registry are reachable. */
export async function waitUntilReady(service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${service.name} exited during start-up`);
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/ready`, {
        signal: AbortSignal.timeout(1000),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${service.name} was not ready on port ${service.port} after ${timeoutMs / 1000}s`);
}

/** SIGTERM and wait (graceful shutdown), or SIGKILL to simulate a crash. */
export async function stopService(
  service: ServiceProcess,
  signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM',
): Promise<number | null> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return service.child.exitCode;
  service.child.kill(signal);
  return service.exited;
}
