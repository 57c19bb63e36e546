import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAvroCodec, createKafka, createSchemaRegistry } from '@saga/saga-runtime';
import { consumerGroups, schemas } from '@saga/schemas';
import { buildAll } from '../dev/build';
import {
  type ServiceName,
  type ServiceProcess,
  serviceNames,
  startService,
  stopService,
  waitUntilReady,
} from '../dev/services';
import { stackKafkaSecurity } from '../stack/kafka-security';
import { isPortOpen, readPid } from '../stack/proc';
import { kafkaNodes, repoRoot, servicePorts, urls } from '../stack/settings';
import { down, up } from '../stack/stack';
import { analyse, averageRecordSize, type RunFacts } from './analyse';
import { closedLoop, type LoadRecorder, OrderClient, openLoop, seed } from './load';
import { SagaObserver } from './observer';
import type { BenchSettings } from './options';
import { ProcessMonitor } from './processes';
import { kafkaReference, postgresReference } from './reference';
import type { BenchResult } from './result';
import { committedTransactions, databaseSizeMb, LagSampler, Progress } from './sampling';
import { SoakSampler } from './soak';

export const say = (line: string) => process.stdout.write(`bench: ${line}\n`);
const adminToken = process.env.ADMIN_TOKEN ?? 'dev-admin-token';

/**
 * Each service's instances: the first on its usual port and named as the service, the n-th 10
 * ports further on and named `<service>-<n>` (in the figures and the log file names).
 */
function instancesOf(settings: BenchSettings): { name: ServiceName; label: string; port: number }[] {
  return serviceNames.flatMap((name) =>
    Array.from({ length: settings.instances }, (_, index) => ({
      name,
      label: index === 0 ? name : `${name}-${index + 1}`,
      port: servicePorts[name] + 10 * index,
    })),
  );
}

/**
 * The services as processes, each logging to bench-results/logs/<label>.log. The first instance
 * of each migrates its database alone: two at once on a fresh database collide on its tables.
 */
async function startServices(
  settings: BenchSettings,
  started: { label: string; service: ServiceProcess }[],
): Promise<void> {
  const instances = instancesOf(settings);
  for (const wave of [
    instances.filter(({ port, name }) => port === servicePorts[name]),
    instances.filter(({ port, name }) => port !== servicePorts[name]),
  ]) {
    const services = startInstances(wave, settings);
    started.push(...services);
    await Promise.all(services.map(({ service }) => waitUntilReady(service, 120_000)));
  }
}

function startInstances(
  instances: ReturnType<typeof instancesOf>,
  settings: BenchSettings,
): { label: string; service: ServiceProcess }[] {
  const logDir = join(repoRoot, 'bench-results', 'logs');
  mkdirSync(logDir, { recursive: true });
  return instances.map(({ name, label, port }) => {
    const log = createWriteStream(join(logDir, `${label}.log`));
    // --profile: one V8 CPU profile per service, written at shutdown; open it as a flame graph in
    // Chrome DevTools or speedscope.
    const nodeArgs = settings.profile
      ? ['--cpu-prof', `--cpu-prof-dir=${join(repoRoot, 'bench-results', 'profiles', label)}`]
      : [];
    return {
      label,
      service: startService(name, { port, nodeArgs, onLine: (_, line) => log.write(`${line}\n`) }),
    };
  });
}

/** The services, the bench itself and the stack's components, by name. */
function monitoredPids(services: { label: string; service: ServiceProcess }[]): Record<string, number> {
  const pids: Record<string, number> = Object.fromEntries(
    services.map(({ label, service }) => [label, service.child.pid!]),
  );
  // The load generator and bench consumer share the machine too: their cost is shown, not hidden.
  pids.bench = process.pid;
  for (const component of [...kafkaNodes.map((node) => node.name), 'postgres', 'registry', 'jaeger']) {
    const pid = readPid(component);
    if (pid) pids[component] = pid;
  }
  return pids;
}

async function referenceRuns(settings: BenchSettings, recordSize: number): Promise<RunFacts['reference']> {
  const skipped = settings.mode === 'idle' ? 'skipped (idle run)' : 'skipped (--no-reference)';
  if (!settings.reference) return { kafka: { error: skipped }, postgres: { error: skipped } };
  say(`reference: Kafka ProducerPerformance, acks=all, ${recordSize}-byte records`);
  const kafka = await kafkaReference(recordSize);
  say('reference: Postgres one-row insert transactions, 8 connections, 10 s');
  return { kafka, postgres: await postgresReference() };
}

/** Brings the stack and services up, loads them as the settings say, and measures. */
export async function runBench(settings: BenchSettings): Promise<BenchResult> {
  for (const { label, port } of instancesOf(settings))
    if (await isPortOpen(port))
      throw new Error(`port ${port} (${label}) is in use: stop \`pnpm start\` (or whatever holds it) first`);
  await buildAll();
  const { started: startedComponents } = await up();
  const services: { label: string; service: ServiceProcess }[] = [];
  const kafka = createKafka({
    clientId: 'bench',
    brokers: urls.kafkaBrokers,
    security: stackKafkaSecurity(),
  });
  const observer = new SagaObserver(
    kafka,
    createAvroCodec({ registry: createSchemaRegistry({ url: urls.registry }), schemas }),
  );
  // Orders go to every order instance in turn, as a load balancer in front of them would send them.
  const order = new OrderClient(
    instancesOf(settings).flatMap(({ name, port }) => (name === 'order' ? [`http://127.0.0.1:${port}`] : [])),
    Math.min(settings.concurrency, 256),
  );
  try {
    await startServices(settings, services);
    say('services ready; seeding the bench catalogue and customers');
    const inventory = new OrderClient(`http://127.0.0.1:${servicePorts.inventory}`, 8);
    const payment = new OrderClient(`http://127.0.0.1:${servicePorts.payment}`, 8);
    await seed(inventory, payment, adminToken);
    inventory.close();
    payment.close();
    await observer.start();

    const monitor = new ProcessMonitor(monitoredPids(services), new Set(['postgres']));
    const lag = new LagSampler(
      kafka,
      consumerGroups.map((group) => group.id),
    );
    await lag.start();
    const soak = settings.soak
      ? new SoakSampler(async () => ({
          rssMb: monitor.rssMb(serviceNames),
          databaseMb: await databaseSizeMb([...serviceNames]).catch(() => null),
          consumerLag: lag.latest(),
        }))
      : null;
    const transactionsBefore = await committedTransactions([...serviceNames]);
    const recorder: LoadRecorder = { submitted: [], errors: new Map(), offered: 0 };
    const startedAt = Date.now();
    const until = startedAt + settings.durationSeconds * 1000;
    const progress = new Progress(settings.durationSeconds, startedAt, () => ({
      accepted: recorder.submitted.length,
      completed: observer.terminals.size,
      errors: [...recorder.errors.values()].reduce((a, b) => a + b, 0),
    }));
    const ticker = setInterval(() => {
      monitor.tick();
      progress.draw();
    }, 1000);
    soak?.start(startedAt);
    say(
      {
        open: `open loop at ${settings.rate} orders/s for ${settings.durationSeconds} s`,
        max: `closed loop, ${settings.concurrency} customers, for ${settings.durationSeconds} s`,
        idle: `idle: no orders for ${settings.durationSeconds} s`,
      }[settings.mode] + (soak ? `; soak samples every ${soak.intervalSeconds} s` : ''),
    );
    if (settings.mode === 'idle') await sleep(until - Date.now());
    else if (settings.mode === 'open' && settings.rate)
      await openLoop(order, { rate: settings.rate, until, mix: settings.mix }, recorder);
    else
      await closedLoop(
        order,
        observer,
        {
          concurrency: settings.concurrency,
          until,
          mix: settings.mix,
          sagaTimeoutMs: settings.drainSeconds * 1000,
        },
        recorder,
      );
    const loadEndedAt = Date.now();
    // The trend under load: the drain that follows would only show the backlog shrinking.
    const soakSamples = soak ? await soak.stop() : null;
    const drainDeadline = Date.now() + settings.drainSeconds * 1000;
    while (Date.now() < drainDeadline && recorder.submitted.some((s) => !observer.terminals.has(s.orderId)))
      await sleep(200);
    clearInterval(ticker);
    progress.done();
    const measured = monitor.figures();
    const consumerLag = await lag.stop();
    const transactions = (await committedTransactions([...serviceNames])) - transactionsBefore;
    await Promise.all(services.splice(0).map(({ service }) => stopService(service)));
    // After the measured window: the step timings come from the record timestamps.
    await observer.readTheRest();
    await observer.stop();

    const facts: Omit<RunFacts, 'reference'> = {
      settings,
      startedAt,
      loadEndedAt,
      finishedAt: Date.now(),
      offered: recorder.offered,
      submitted: recorder.submitted,
      errors: recorder.errors,
      events: observer.events,
      terminals: observer.terminals,
      processes: measured.processes,
      processWindowSeconds: measured.windowSeconds,
      soak: soakSamples,
      consumerLag,
      transactions,
    };
    return analyse({ ...facts, reference: await referenceRuns(settings, averageRecordSize(facts)) });
  } finally {
    order.close();
    await Promise.all(services.map(({ service }) => stopService(service)));
    if (startedComponents.length > 0 && !settings.keepStack) await down();
  }
}
