/**
 * `pnpm bench`: the real stack and the four services as processes, loaded open-loop (`--rate`)
 * or closed-loop (max throughput), measured from the client's side, compared with Kafka's and
 * Postgres' own limits on this machine in the same run. See the README, "Benchmark".
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAvroCodec, createKafka, SchemaRegistry } from '@saga/saga-runtime';
import { consumerGroups, schemas } from '@saga/schemas';
import { buildAll } from '../dev/build';
import {
  defaultPorts,
  type ServiceProcess,
  serviceNames,
  startService,
  stopService,
  waitUntilReady,
} from '../dev/services';
import { isPortOpen, readPid } from '../stack/proc';
import { repoRoot, urls } from '../stack/settings';
import { down, up } from '../stack/stack';
import { analyse, averageRecordSize, type RunFacts } from './analyse';
import { closedLoop, type LoadRecorder, OrderClient, type Outcome, openLoop, seed } from './load';
import { SagaObserver } from './observer';
import { ProcessMonitor } from './processes';
import { kafkaReference, postgresReference } from './reference';
import { renderHtmlReport } from './report-html';
import { committedTransactions, LagSampler, Progress } from './sampling';
import { renderSummary } from './summary';

const usage = `usage: pnpm bench [--duration <s>] [--rate <orders/s> | --max] [--concurrency <n>] [--mix <confirmed,outOfStock,declined>] [--drain <s>] [--no-reference] [--keep-stack] [--profile]`;

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '60' },
      rate: { type: 'string' },
      max: { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '256' },
      mix: { type: 'string', default: '80,10,10' },
      drain: { type: 'string', default: '300' },
      'no-reference': { type: 'boolean', default: false },
      'keep-stack': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const positive = (name: string, raw: string) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number, got "${raw}"\n${usage}`);
    return value;
  };
  if (values.rate !== undefined && values.max)
    throw new Error(`--rate and --max exclude each other\n${usage}`);
  const weights = values.mix.split(',').map((part) => Number(part));
  if (
    weights.length !== 3 ||
    weights.some((w) => !Number.isFinite(w) || w < 0) ||
    weights.every((w) => w === 0)
  )
    throw new Error(`--mix takes three non-negative weights, e.g. 80,10,10; got "${values.mix}"`);
  return {
    durationSeconds: positive('duration', values.duration),
    rate: values.rate === undefined ? null : positive('rate', values.rate),
    concurrency: Math.round(positive('concurrency', values.concurrency)),
    mix: { confirmed: weights[0]!, outOfStock: weights[1]!, declined: weights[2]! } satisfies Record<
      Outcome,
      number
    >,
    drainSeconds: positive('drain', values.drain),
    reference: !values['no-reference'],
    keepStack: values['keep-stack'],
    profile: values.profile,
  };
}

const say = (line: string) => process.stdout.write(`bench: ${line}\n`);
const adminToken = process.env.ADMIN_TOKEN ?? 'dev-admin-token';

async function main(): Promise<void> {
  const settings = options();
  for (const name of serviceNames)
    if (await isPortOpen(defaultPorts[name]))
      throw new Error(
        `port ${defaultPorts[name]} (${name}) is in use: stop \`pnpm start\` (or whatever holds it) first`,
      );
  await buildAll();
  const startedComponents = await up();
  const services: ServiceProcess[] = [];
  const kafka = createKafka({ clientId: 'bench', brokers: [urls.kafka] });
  const observer = new SagaObserver(
    kafka,
    createAvroCodec({ registry: new SchemaRegistry({ host: urls.registry }), schemas }),
  );
  const order = new OrderClient(
    `http://127.0.0.1:${defaultPorts.order}`,
    Math.min(settings.concurrency, 256),
  );
  try {
    const logDir = join(repoRoot, 'bench-results', 'logs');
    mkdirSync(logDir, { recursive: true });
    for (const name of serviceNames) {
      const log = createWriteStream(join(logDir, `${name}.log`));
      // --profile: one V8 CPU profile per service, written at shutdown; open it as a flame graph in
      // Chrome DevTools or speedscope.
      const nodeArgs = settings.profile
        ? ['--cpu-prof', `--cpu-prof-dir=${join(repoRoot, 'bench-results', 'profiles', name)}`]
        : [];
      services.push(startService(name, { nodeArgs, onLine: (_, line) => log.write(`${line}\n`) }));
    }
    await Promise.all(services.map((service) => waitUntilReady(service, 120_000)));
    say('services ready; seeding the bench catalogue and customers');
    const inventory = new OrderClient(`http://127.0.0.1:${defaultPorts.inventory}`, 8);
    const payment = new OrderClient(`http://127.0.0.1:${defaultPorts.payment}`, 8);
    await seed(inventory, payment, adminToken);
    inventory.close();
    payment.close();
    await observer.start();

    const pids: Record<string, number> = Object.fromEntries(services.map((s) => [s.name, s.child.pid!]));
    // The load generator and bench consumer share the machine too: their cost is shown, not hidden.
    pids.bench = process.pid;
    for (const component of ['kafka', 'postgres', 'registry', 'jaeger']) {
      const pid = readPid(component);
      if (pid) pids[component] = pid;
    }
    const monitor = new ProcessMonitor(pids, new Set(['postgres']));
    const lag = new LagSampler(
      kafka,
      consumerGroups.map((group) => group.id),
    );
    await lag.start();
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
    say(
      settings.rate
        ? `open loop at ${settings.rate} orders/s for ${settings.durationSeconds} s`
        : `closed loop, ${settings.concurrency} customers, for ${settings.durationSeconds} s`,
    );
    if (settings.rate) await openLoop(order, { rate: settings.rate, until, mix: settings.mix }, recorder);
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
    const drainDeadline = Date.now() + settings.drainSeconds * 1000;
    while (Date.now() < drainDeadline && recorder.submitted.some((s) => !observer.terminals.has(s.orderId)))
      await new Promise((resolve) => setTimeout(resolve, 200));
    clearInterval(ticker);
    progress.done();
    const processes = monitor.figures();
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
      processes,
      consumerLag,
      transactions,
    };
    const recordSize = averageRecordSize(facts);
    let reference: RunFacts['reference'] = {
      kafka: { error: 'skipped (--no-reference)' },
      postgres: { error: 'skipped (--no-reference)' },
    };
    if (settings.reference) {
      say(`reference: Kafka ProducerPerformance, acks=all, ${recordSize}-byte records`);
      const kafkaLimit = await kafkaReference(recordSize);
      say('reference: Postgres one-row insert transactions, 8 connections, 10 s');
      reference = { kafka: kafkaLimit, postgres: await postgresReference() };
    }
    const result = analyse({ ...facts, reference });
    const stamp = result.startedAt.replace(/[:.]/g, '-');
    const dir = join(repoRoot, 'bench-results');
    writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(dir, `${stamp}.html`), renderHtmlReport(result));
    process.stdout.write(`\n${renderSummary(result)}\n`);
    say(`wrote bench-results/${stamp}.json and bench-results/${stamp}.html`);
  } finally {
    order.close();
    await Promise.all(services.map((service) => stopService(service)));
    if (startedComponents.length > 0 && !settings.keepStack) await down();
  }
}

// Exit explicitly: client libraries keep idle keep-alive sockets that would hold the process open.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
