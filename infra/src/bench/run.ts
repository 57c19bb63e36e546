import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAvroCodec, createKafka, SchemaRegistry } from '@saga/saga-runtime';
import { consumerGroups, schemas } from '@saga/schemas';
import { buildAll } from '../dev/build';
import {
  type ServiceProcess,
  serviceNames,
  startService,
  stopService,
  waitUntilReady,
} from '../dev/services';
import { isPortOpen, readPid } from '../stack/proc';
import { repoRoot, servicePorts, urls } from '../stack/settings';
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

/** The four services as processes, each logging to bench-results/logs/<name>.log. */
function startServices(settings: BenchSettings): ServiceProcess[] {
  const logDir = join(repoRoot, 'bench-results', 'logs');
  mkdirSync(logDir, { recursive: true });
  return serviceNames.map((name) => {
    const log = createWriteStream(join(logDir, `${name}.log`));
    // --profile: one V8 CPU profile per service, written at shutdown; open it as a flame graph in
    // Chrome DevTools or speedscope.
    const nodeArgs = settings.profile
      ? ['--cpu-prof', `--cpu-prof-dir=${join(repoRoot, 'bench-results', 'profiles', name)}`]
      : [];
    return startService(name, { nodeArgs, onLine: (_, line) => log.write(`${line}\n`) });
  });
}

/** The services, the bench itself and the stack's components, by name. */
function monitoredPids(services: ServiceProcess[]): Record<string, number> {
  const pids: Record<string, number> = Object.fromEntries(services.map((s) => [s.name, s.child.pid!]));
  // The load generator and bench consumer share the machine too: their cost is shown, not hidden.
  pids.bench = process.pid;
  for (const component of ['kafka', 'postgres', 'registry', 'jaeger']) {
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
  for (const name of serviceNames)
    if (await isPortOpen(servicePorts[name]))
      throw new Error(
        `port ${servicePorts[name]} (${name}) is in use: stop \`pnpm start\` (or whatever holds it) first`,
      );
  await buildAll();
  const { started: startedComponents } = await up();
  const services: ServiceProcess[] = [];
  const kafka = createKafka({ clientId: 'bench', brokers: urls.kafkaBrokers });
  const observer = new SagaObserver(
    kafka,
    createAvroCodec({ registry: new SchemaRegistry({ host: urls.registry }), schemas }),
  );
  const order = new OrderClient(
    `http://127.0.0.1:${servicePorts.order}`,
    Math.min(settings.concurrency, 256),
  );
  try {
    services.push(...startServices(settings));
    await Promise.all(services.map((service) => waitUntilReady(service, 120_000)));
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
    await Promise.all(services.splice(0).map((service) => stopService(service)));
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
    await Promise.all(services.map((service) => stopService(service)));
    if (startedComponents.length > 0 && !settings.keepStack) await down();
  }
}
