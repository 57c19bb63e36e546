import { createKafka, ensureTopics } from '@saga/saga-runtime';
import { registerAll, topics } from '@saga/schemas';
import type { Component } from './components/component';
import { jaeger } from './components/jaeger';
import { kafka } from './components/kafka';
import { postgres } from './components/postgres';
import { registry } from './components/registry';
import { isPortOpen, runningPid, StackError, stopProcess, withLock } from './proc';
import { instance, instanceDir, urls } from './settings';

/** Start order: the registry keeps its schemas in Postgres; down goes the other way. */
export const components: Component[] = [postgres, kafka, jaeger, registry];

export interface ComponentStatus {
  name: string;
  url: string;
  pid: number | undefined;
  healthy: boolean;
}

const say = (line: string) => process.stdout.write(`stack: ${line}\n`);

/**
 * Idempotent: what runs and is healthy is left alone, what is missing is fetched and started.
 * Returns the names of the components this call started.
 */
export async function up(): Promise<string[]> {
  return withLock('up', async () => {
    const started = Date.now();
    for (const component of components) await component.install();
    const startedNow: string[] = [];
    for (const component of components) {
      if (await ensureRunning(component)) startedNow.push(component.name);
    }
    await provision();
    say(`instance ${instance} (${instanceDir}) up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return startedNow;
  });
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
  const client = createKafka({ clientId: 'stack', brokers: [urls.kafka] });
  await ensureTopics(client, topics);
  const results = await registerAll(urls.registry);
  say(`${topics.length} topics and ${results.length} schemas in place`);
}

export async function down(): Promise<void> {
  await withLock('up', async () => {
    for (const component of [...components].reverse()) {
      if (await stopProcess(component.name)) say(`${component.name} stopped`);
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

/** Stops one component (e.g. to test an outage); the rest keeps running. */
export async function stopComponent(name: string): Promise<void> {
  await stopProcess(name);
}

/** Starts one stopped component again and waits until it is healthy. */
export async function startComponent(name: string): Promise<void> {
  const component = components.find((candidate) => candidate.name === name);
  if (!component) throw new StackError(`unknown component ${name}`);
  await withLock('up', () => ensureRunning(component));
}
