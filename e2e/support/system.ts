import { createWriteStream, mkdirSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName, ServiceProcess } from '@saga/infra/services';
import { serviceNames, startService, stopService, waitUntilReady } from '@saga/infra/services';
import { repoRoot, servicePorts } from '@saga/infra/settings';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { printDiagnostics } from './diagnostics';
import { HttpClient } from './http-client';

const adminToken = process.env.ADMIN_TOKEN ?? 'dev-admin-token';
const logDir = join(repoRoot, 'test-output', 'e2e-logs');
const logPath = (name: ServiceName) => join(logDir, `${name}.log`);

/**
 * The four services as separate processes on the real stack, as a user runs them. Their logs
 * go to test-output/e2e-logs/<service>.log, the first place to look when a story fails.
 */
export class System {
  private readonly services = new Map<ServiceName, ServiceProcess>();
  private readonly extra: ServiceProcess[] = [];
  private readonly stopping = new Set<ServiceName>();

  private constructor(private readonly env: Partial<Record<ServiceName, Record<string, string>>>) {}
  private readonly logs = new Map<ServiceName, WriteStream>();
  readonly order = new HttpClient(`http://127.0.0.1:${servicePorts.order}`, adminToken);
  readonly inventory = new HttpClient(`http://127.0.0.1:${servicePorts.inventory}`, adminToken);
  readonly payment = new HttpClient(`http://127.0.0.1:${servicePorts.payment}`, adminToken);
  readonly notification = new HttpClient(`http://127.0.0.1:${servicePorts.notification}`, adminToken);

  /** `env` adds variables per service, e.g. a short saga deadline for the order service. */
  static async start(env: Partial<Record<ServiceName, Record<string, string>>> = {}): Promise<System> {
    const system = new System(env);
    mkdirSync(logDir, { recursive: true });
    for (const name of serviceNames) system.logs.set(name, createWriteStream(logPath(name), { flags: 'a' }));
    await Promise.all(serviceNames.map((name) => system.launch(name)));
    return system;
  }

  private async launch(name: ServiceName): Promise<void> {
    const service = startService(name, {
      env: this.env[name],
      onLine: (_, line) => this.logs.get(name)?.write(`${line}\n`),
    });
    this.services.set(name, service);
    // Like a supervisor: a service that exits on its own (a kafkajs crash) is started again.
    void service.exited.then(() => {
      if (!this.stopping.has(name) && this.services.get(name) === service) {
        this.logs.get(name)?.write(`{"msg":"e2e supervisor: ${name} exited, restarting"}\n`);
        setTimeout(() => void this.launch(name).catch(() => undefined), 1000);
      }
    });
    await waitUntilReady(service, 120_000);
  }

  /**
   * What a service has logged so far (this run and earlier ones), as JSON entries, each with the
   * `port` of the instance that logged it (a second instance's lines carry it as a prefix).
   */
  logLines(name: ServiceName): Record<string, unknown>[] {
    return readFileSync(logPath(name), 'utf8')
      .split('\n')
      .flatMap((line) => {
        const [, port, json] = /^(?:\[(\d+)\] )?(.*)$/.exec(line) ?? [];
        try {
          return [
            {
              ...(JSON.parse(json ?? '') as Record<string, unknown>),
              port: Number(port ?? servicePorts[name]),
            },
          ];
        } catch {
          return [];
        }
      });
  }

  /** A second instance of a service on another port, sharing its database and consumer group. */
  async startSecondInstance(name: ServiceName, port: number): Promise<ServiceProcess> {
    const service = startService(name, {
      port,
      onLine: (_, line) => this.logs.get(name)?.write(`[${port}] ${line}\n`),
    });
    this.extra.push(service);
    await waitUntilReady(service);
    return service;
  }

  /** Time from SIGTERM to exit, and the exit code: graceful shutdown must finish within 10 s. */
  async terminate(name: ServiceName): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    const code = await this.kill(name, 'SIGTERM');
    return { code, ms: Date.now() - started };
  }

  /** Where each service logs, and how long its log is now: a failed story reads from there on. */
  logFiles(): Map<string, { path: string; from: number }> {
    return new Map(serviceNames.map((name) => [name, { path: logPath(name), from: sizeOf(logPath(name)) }]));
  }

  /** Process ids of the running services: unchanged pids prove that nothing crashed. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.services].map(([name, service]) => [name, service.child.pid]));
  }

  async relaunch(name: ServiceName): Promise<void> {
    await this.launch(name);
  }

  /** `kill -9` (or a graceful SIGTERM) of one service, then a fresh process in its place. */
  async restart(name: ServiceName, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    await this.kill(name, signal);
    await this.launch(name);
  }

  async kill(name: ServiceName, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<number | null> {
    const service = this.services.get(name);
    if (!service) return null;
    this.stopping.add(name);
    try {
      return await stopService(service, signal);
    } finally {
      this.stopping.delete(name);
    }
  }

  async stop(): Promise<void> {
    for (const name of this.services.keys()) this.stopping.add(name);
    await Promise.all([...this.services.values(), ...this.extra].map((service) => stopService(service)));
    await Promise.all([...this.logs.values()].map((log) => new Promise((resolve) => log.end(resolve))));
  }
}

/**
 * One System for the spec file that calls this: started before its tests, stopped after them.
 * The returned object forwards to the started System.
 */
export function useSystem(env: Parameters<typeof System.start>[0] = {}): System {
  let started: System | undefined;
  beforeAll(async () => {
    started = await System.start(env);
  });
  afterAll(() => started?.stop());
  beforeEach(({ onTestFailed }) => {
    const logs = started?.logFiles();
    if (logs) onTestFailed(() => printDiagnostics(logs));
  });
  return new Proxy({} as System, {
    get(_, property) {
      if (!started) throw new Error('the system is only available inside tests');
      const value = Reflect.get(started, property);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
