import { readdirSync } from 'node:fs';
import { createKafka, ensureTopics } from '@saga/saga-runtime';
import { registerAll, replicationFor, topics } from '@saga/schemas';
import { bringUp } from './bring-up';
import type { Component } from './components/component';
import { jaeger } from './components/jaeger';
import { clusterFormed, kafka } from './components/kafka';
import { postgres } from './components/postgres';
import { registry } from './components/registry';
import { applyParticipantAcls, stackKafkaSecurity } from './kafka-security';
import { isPortOpen, runningPid, StackError, stopProcess, waitFor, withLock } from './proc';
import {
  brokers,
  dirs,
  instance,
  instanceDir,
  kafkaNodes,
  localPortRange,
  portsAmongOutgoing,
  settings,
  urls,
} from './settings';

/** Start order: the registry keeps its schemas in Postgres; down goes the other way. */
export const components: Component[] = [postgres, ...kafka, jaeger, registry];

export interface ComponentStatus {
  name: string;
  url: string;
  pid: number | undefined;
  healthy: boolean;
}

const say = (line: string) => process.stdout.write(`stack: ${line}\n`);

export interface UpOptions {
  /**
   * Components the caller can start without. One that still has to be fetched or built does not
   * hold `up` back: it is installed and started in the background, and `later` says when.
   */
  deferrable?: readonly string[];
}

export interface StackUp {
  /** The components this call started (so a caller that started them can stop them again). */
  started: string[];
  /** Settles once the deferred components run too; resolves to their names (empty: none deferred). */
  later: Promise<string[]>;
}

/** Idempotent: what runs and is healthy is left alone, what is missing is fetched and started. */
export async function up(options: UpOptions = {}): Promise<StackUp> {
  return withLock('up', async () => {
    const began = Date.now();
    warnOfOutgoingRange();
    const { started, deferred, later } = await bringUp(
      components,
      options.deferrable ?? [],
      ensureRunning,
      (component) => withLock('up', () => ensureRunning(component)),
    );
    await provision();
    say(`instance ${instance} (${instanceDir}) up in ${((Date.now() - began) / 1000).toFixed(1)}s`);
    if (deferred.length > 0) say(`${deferred.join(', ')} will follow once built; the rest runs meanwhile`);
    return { started, later };
  });
}

/** A start-up that fails now and then is worse than one that never works: say why it may. */
function warnOfOutgoingRange(): void {
  const range = localPortRange();
  const exposed = portsAmongOutgoing(settings, range);
  if (range === undefined || exposed.length === 0) return;
  say(
    `warning: ${exposed.map(({ name, port }) => `${name} ${port}`).join(', ')} lie in ${range.low}-${range.high}, where Linux picks ports for outgoing connections; a start fails whenever one is held. Choose a smaller STACK_PORT_OFFSET or port (see README, "Configuration")`,
  );
}

async function ensureRunning(component: Component): Promise<boolean> {
  const pid = runningPid(component.name);
  if (pid !== undefined && (await component.healthy())) {
    say(`${component.name} already running (pid ${pid}) at ${component.url}`);
    return false;
  }
  if (pid !== undefined) await stopProcess(component.name);
  for (const port of component.ports) {
    if (await isPortOpen(port)) {
      throw new StackError(
        `${component.name}: port ${port} is taken by another process; stop it, or move ${component.name} to another port (see README, "Configuration")`,
      );
    }
  }
  const startedAt = Date.now();
  const newPid = await component.start();
  say(
    `${component.name} started (pid ${newPid}) in ${((Date.now() - startedAt) / 1000).toFixed(1)}s at ${component.url}`,
  );
  return true;
}

/** Topics from the one declarative list, schemas registered under `<topic>-value`. */
async function provision(): Promise<void> {
  // Topics replicated to every broker need every broker registered first.
  await waitFor('kafka', clusterFormed, { timeoutMs: 90_000 });
  const client = createKafka({
    clientId: 'stack',
    brokers: [...urls.kafkaBrokers],
    security: stackKafkaSecurity(),
  });
  await ensureTopics(client, topics, replicationFor(brokers));
  const results = await registerAll(urls.registry);
  say(`${topics.length} topics and ${results.length} schemas in place`);
  const acls = await applyParticipantAcls(client);
  if (acls > 0)
    say(`SASL/SCRAM on ${urls.kafkaBrokers.join(',')}; ${acls} ACLs in place, one principal per service`);
}

export async function down(): Promise<void> {
  await withLock('up', async () => {
    for (const component of [...components].reverse()) {
      if (await stopProcess(component.name)) say(`${component.name} stopped`);
    }
    // Nodes of a cluster the instance ran before, or the single node it ran before a cluster.
    for (const name of leftoverKafkaNodes()) {
      if (await stopProcess(name)) say(`${name} stopped`);
    }
  });
}

export async function status(): Promise<ComponentStatus[]> {
  return Promise.all(
    components.map(async (component) => {
      const pid = runningPid(component.name);
      const healthy = pid !== undefined && (await component.healthy().catch(() => false));
      return { name: component.name, url: component.url, pid, healthy };
    }),
  );
}

function leftoverKafkaNodes(): string[] {
  const known = new Set(components.map((component) => component.name));
  let files: string[] = [];
  try {
    files = readdirSync(dirs.run);
  } catch {
    // nothing has run yet
  }
  return files.flatMap((file) => {
    const name = /^(kafka(?:-\d+)?)\.pid$/.exec(file)?.[1];
    return name && !known.has(name) ? [name] : [];
  });
}

/** Stops one component (e.g. to test an outage); the rest keeps running. `SIGKILL`: it crashes. */
export async function stopComponent(name: string, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  await stopProcess(name, 15_000, signal);
}

/** The Kafka node that leads the most partitions of every topic: losing it hurts the most. */
export async function busiestBroker(): Promise<string> {
  const admin = createKafka({ clientId: 'stack-leaders', brokers: [...urls.kafkaBrokers] }).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata();
    const led = new Map<number, number>();
    for (const partition of topics.flatMap((topic) => topic.partitions)) {
      led.set(partition.leader, (led.get(partition.leader) ?? 0) + 1);
    }
    const [leader] = [...led].sort((a, b) => b[1] - a[1])[0] ?? [];
    const node = kafkaNodes.find((candidate) => candidate.id === leader);
    if (!node)
      throw new StackError(`no Kafka node leads a partition (leaders: ${[...led.keys()].join(', ')})`);
    return node.name;
  } finally {
    await admin.disconnect();
  }
}

/** Starts one stopped component again and waits until it is healthy. */
export async function startComponent(name: string): Promise<void> {
  const component = components.find((candidate) => candidate.name === name);
  if (!component) throw new StackError(`unknown component ${name}`);
  await withLock('up', () => ensureRunning(component));
  // A cluster's node is started once its controller listens; healthy means its broker is back too.
  await waitFor(name, component.healthy, { timeoutMs: 90_000 });
}
