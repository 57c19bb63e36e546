import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ServiceName, ServiceProcess } from '@saga/infra/services';
import { serviceNames, startService, stopService, waitUntilReady } from '@saga/infra/services';
import { repoRoot, testPortOffsets } from '@saga/infra/settings';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually';
import { HttpClient } from './support/http-client';
import type { Order } from './support/shop';

const run = promisify(execFile);

/**
 * A stack instance of its own with Kafka secured (SASL/SCRAM and ACLs), on ports apart from the
 * tests' plaintext instance and from the offsets other checkouts use. Settings are read once per
 * process, so the stack and the service environments are asked of child processes started with it.
 */
const {
  KAFKA_BROKERS,
  SCHEMA_REGISTRY_URL,
  OTEL_EXPORTER_OTLP_ENDPOINT,
  JAEGER_QUERY_URL,
  JAEGER_UI_URL,
  ...shell
} = process.env;
const secured: NodeJS.ProcessEnv = {
  ...shell,
  STACK_INSTANCE: 'secure-test',
  STACK_PORT_OFFSET: String(testPortOffsets.secured),
  STACK_KAFKA_SECURITY: 'scram',
};
const tsx = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', ...args], { cwd: repoRoot, env: secured, timeout: 600_000 });
const stack = (command: 'up' | 'down') => tsx(['infra/src/stack/cli.ts', command]);

interface Instance {
  ports: Record<ServiceName, number>;
  /** Each service's whole environment, as `pnpm start` on that instance gives it. */
  envs: Record<ServiceName, Record<string, string>>;
}

async function securedInstance(): Promise<Instance> {
  const script = `
    const { serviceEnv, serviceNames } = await import('./infra/src/dev/services.ts');
    const { servicePorts } = await import('./infra/src/stack/settings.ts');
    const envs = Object.fromEntries(serviceNames.map((name) => [name, serviceEnv(name, servicePorts[name])]));
    process.stdout.write(JSON.stringify({ ports: servicePorts, envs }));`;
  const { stdout } = await tsx(['--input-type=module', '-e', script]);
  return JSON.parse(stdout) as Instance;
}

const logDir = join(repoRoot, 'test-output', 'e2e-logs');

function launch(instance: Instance, name: ServiceName, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const log = createWriteStream(join(logDir, `secured-${name}.log`), { flags: 'a' });
  const service = startService(name, {
    port: instance.ports[name],
    env: { ...instance.envs[name], ...env },
    onLine: (_, line) => {
      lines.push(line);
      log.write(`${line}\n`);
    },
  });
  void service.exited.then(() => log.end());
  return { service, lines };
}

let instance: Instance;
const running: ServiceProcess[] = [];

beforeAll(async () => {
  mkdirSync(logDir, { recursive: true });
  await stack('up');
  instance = await securedInstance();
});

afterAll(async () => {
  await Promise.all(running.map((service) => stopService(service)));
  if (process.env.KEEP_STACK !== '1') await stack('down');
});

describe('A secured cluster: SASL/SCRAM, one principal per service, ACLs from the saga', () => {
  it('stops a service given a wrong password at start, with one line that names the cause', async () => {
    const { service, lines } = launch(instance, 'inventory', { KAFKA_SASL_PASSWORD: 'not-the-password' });

    expect(await service.exited).toBe(1);
    const errors = lines.filter((line) => !line.startsWith('{') || JSON.parse(line).level === 'error');
    expect(errors).toHaveLength(1);
    expect(JSON.parse(errors[0]!)).toMatchObject({
      msg: 'service failed to start',
      reason:
        'Kafka SASL authentication failed for user inventory (SCRAM-SHA-512): check KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD',
    });
    const output = lines.join('\n');
    expect(output).not.toContain('not-the-password');
    expect(output).not.toContain(instance.envs.inventory.KAFKA_SASL_PASSWORD);
  });

  it("refuses a service's principal that writes another service's topic, and lets it write its own", async () => {
    const env = instance.envs.inventory;
    const producer = new Kafka({
      clientId: 'secured-e2e',
      brokers: [env.KAFKA_BROKERS!],
      sasl: {
        mechanism: 'scram-sha-512',
        username: env.KAFKA_SASL_USERNAME!,
        password: env.KAFKA_SASL_PASSWORD!,
      },
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      // Authenticated, and allowed where the saga says: its own dead-letter topic.
      await expect(
        producer.send({ topic: 'inventory-service.dlq', messages: [{ key: 'secured-e2e', value: 'probe' }] }),
      ).resolves.toHaveLength(1);
      const forged = await producer
        .send({ topic: 'payment.completed', messages: [{ key: randomUUID(), value: 'forged' }] })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(errorTypes(forged)).toContain('TOPIC_AUTHORIZATION_FAILED');
    } finally {
      await producer.disconnect();
    }
  });

  it('runs the saga as usual with each service as its own principal: one order confirmed, one cancelled', async () => {
    const started = serviceNames.map((name) => launch(instance, name).service);
    running.push(...started);
    await Promise.all(started.map((service) => waitUntilReady(service, 120_000)));
    const order = new HttpClient(`http://127.0.0.1:${instance.ports.order}`, 'unused');
    const notification = new HttpClient(`http://127.0.0.1:${instance.ports.notification}`, 'unused');
    const place = async (items: { sku: string; quantity: number }[]) => {
      const response = await order.post<{ orderId: string }>(
        '/orders',
        { customerId: `secured-${randomUUID().slice(0, 8)}`, items },
        { 'idempotency-key': randomUUID() },
      );
      expect(response.status).toBe(202);
      return response.body.orderId;
    };
    const settled = (orderId: string) =>
      eventually(
        async () => {
          const { body } = await order.get<Order>(`/orders/${orderId}`);
          return body.status === 'PENDING' ? undefined : body;
        },
        60_000,
        `order ${orderId} to settle`,
      );

    // The seeded catalogue: coffee is plentiful, the limited print has 5.
    const [confirmed, rejected] = await Promise.all([
      place([{ sku: 'SKU-COFFEE', quantity: 1 }]),
      place([{ sku: 'SKU-LIMITED', quantity: 6 }]),
    ]);

    expect(await settled(confirmed)).toMatchObject({ status: 'CONFIRMED' });
    expect(await settled(rejected)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'OUT_OF_STOCK',
    });
    for (const orderId of [confirmed, rejected]) {
      await eventually(async () => {
        const { body } = await notification.get<unknown[]>(`/notifications?orderId=${orderId}`);
        return body.length === 1 ? body : undefined;
      }, 30_000);
    }
    // The timeline's own group reads every topic under the order service's principal.
    await eventually(async () => {
      const { body } = await order.get<{ events: unknown[] }>(`/orders/${confirmed}/timeline`);
      return body.events?.length >= 4 ? body : undefined;
    }, 30_000);
  });
});

/** The broker's error codes anywhere in a kafkajs error: its causes, and each of an aggregate's errors. */
function errorTypes(error: unknown): string[] {
  if (!error || typeof error !== 'object') return [];
  const { type, cause, originalError, errors } = error as {
    type?: string;
    cause?: unknown;
    originalError?: unknown;
    errors?: unknown[];
  };
  return [
    ...(type ? [type] : []),
    ...errorTypes(originalError ?? cause),
    ...(Array.isArray(errors) ? errors.flatMap(errorTypes) : []),
  ];
}
