import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../stack/proc';
import {
  cacheDir,
  dirs,
  instanceDir,
  ports,
  repoRoot,
  serviceDatabaseUrl,
  servicePorts,
  urls,
} from '../stack/settings';
import { components } from '../stack/stack';
import { serviceEnv, serviceNames } from './services';

const run = promisify(execFile);
const tsx = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, ['--import', 'tsx', ...args], { cwd: repoRoot, env, timeout: 120_000 });

/** The shell `pnpm test` ran in, without the instance vitest.config.ts selected: what `pnpm start` gets. */
const { STACK_INSTANCE: _selected, ...shell } = process.env;

interface Settings {
  instanceDir: string;
  cacheDir: string;
  runDir: string;
  ports: Record<string, number>;
  servicePorts: Record<string, number>;
}

/** The stack's settings as a fresh process with `env` reads them, the way `pnpm start` and `pnpm stack` do. */
async function settingsIn(env: NodeJS.ProcessEnv): Promise<Settings> {
  const script = `
    const s = await import('./infra/src/stack/settings.ts');
    process.stdout.write(JSON.stringify({
      instanceDir: s.instanceDir, cacheDir: s.cacheDir, runDir: s.dirs.run, ports: s.ports, servicePorts: s.servicePorts,
    }));`;
  const { stdout } = await tsx(['--input-type=module', '-e', script], env);
  return JSON.parse(stdout) as Settings;
}

describe('pnpm test beside pnpm start', () => {
  it('runs on a stack instance of its own: its own folder, every port apart, the downloads shared', async () => {
    const dev = await settingsIn(shell);

    expect(dirs.run).not.toBe(dev.runDir);
    expect(instanceDir).not.toBe(dev.instanceDir);
    const devPorts = [...Object.values(dev.ports), ...Object.values(dev.servicePorts)];
    const testPorts = [...Object.values(ports), ...Object.values(servicePorts)];
    expect(testPorts.filter((port) => devPorts.includes(port))).toEqual([]);
    expect(cacheDir).toBe(dev.cacheDir);
  });

  it("starts the services on the test instance's ports, wired to its Postgres, Kafka, registry and Jaeger", () => {
    for (const name of serviceNames) {
      expect(serviceEnv(name, servicePorts[name])).toMatchObject({
        PORT: String(servicePorts[name]),
        DATABASE_URL: serviceDatabaseUrl(name),
        KAFKA_BROKERS: urls.kafkaBrokers.join(','),
        SCHEMA_REGISTRY_URL: urls.registry,
        OTEL_EXPORTER_OTLP_ENDPOINT: urls.jaegerOtlp,
        JAEGER_UI_URL: urls.jaegerQuery,
        JAEGER_QUERY_URL: urls.jaegerQuery,
      });
    }
  });

  it('leaves a running dev stack alone: `pnpm stack down`, as the stack test runs it, stops none of it', async () => {
    // A dev stack in a folder of its own, its processes stand-ins that cost nothing.
    const root = mkdtempSync(join(tmpdir(), 'saga-dev-stack-'));
    const dev = await settingsIn({ ...shell, STACK_DIR: root });
    mkdirSync(dev.runDir, { recursive: true });
    const standIns = components.map(({ name }) => {
      const child = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
      writeFileSync(join(dev.runDir, `${name}.pid`), `${child.pid}\n`);
      return { name, child };
    });
    try {
      await tsx(['infra/src/stack/cli.ts', 'down'], { ...process.env, STACK_DIR: root });

      expect(standIns.filter(({ child }) => !isAlive(child.pid!)).map(({ name }) => name)).toEqual([]);
      expect(readdirSync(dev.runDir).sort()).toEqual(standIns.map(({ name }) => `${name}.pid`).sort());
    } finally {
      for (const { child } of standIns) child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  });
});
