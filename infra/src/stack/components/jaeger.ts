import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { httpOk, installOnce, StackError, startDetached, waitFor } from '../proc';
import { runLines, withProgress } from '../progress';
import { cacheDir, dirs, instanceDir, ports, urls, versions } from '../settings';
import type { Component } from './component';
import { requireCommand } from './prerequisites';

const run = promisify(execFile);
const binary = join(dirs.bin, `jaeger-${versions.jaegerRelease}`);
const configFile = join(instanceDir, 'jaeger', 'config.yaml');

// All-in-one with in-memory storage: OTLP in, the query HTTP API out. Nothing else listens.
const config = `
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:${ports.jaegerHealth}
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${ports.jaegerQuery}
    grpc:
      endpoint: 127.0.0.1:0
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${ports.jaegerOtlpGrpc}
      http:
        endpoint: 127.0.0.1:${ports.jaegerOtlpHttp}
processors:
  batch:
    timeout: 200ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;

export const jaeger: Component = {
  name: 'jaeger',
  url: urls.jaegerQuery,
  ports: [ports.jaegerOtlpGrpc, ports.jaegerOtlpHttp, ports.jaegerQuery, ports.jaegerHealth],
  installed: () => existsSync(binary),
  async install() {
    await installOnce('jaeger', this.installed, async () => {
      const go = await requireCommand('go', 'install Go 1.24+ (https://go.dev/dl)');
      await buildFromModuleProxy(go);
    });
  },
  async start() {
    mkdirSync(dirname(configFile), { recursive: true });
    writeFileSync(configFile, config);
    const pid = startDetached('jaeger', binary, ['--config', configFile]);
    await waitFor('jaeger', () => this.healthy(), { timeoutMs: 60_000, pid });
    return pid;
  },
  async healthy() {
    return httpOk(`${urls.jaegerQuery}/api/services`);
  },
};

/**
 * `go install module@version` refuses modules whose go.mod has `replace` directives, and
 * Jaeger's does; so the module is downloaded through the module proxy and built in place,
 * where its go.mod applies as written.
 */
async function buildFromModuleProxy(go: string): Promise<void> {
  let modules = 0;
  let packages = 0;
  await withProgress(
    `building Jaeger ${versions.jaegerRelease} with Go`,
    async () => {
      const download = await run(go, ['mod', 'download', '-json', versions.jaegerModule], {
        maxBuffer: 4 * 1024 * 1024,
      }).catch((error) => {
        throw new StackError(`jaeger: "go mod download ${versions.jaegerModule}" failed: ${String(error)}`);
      });
      const { Dir } = JSON.parse(download.stdout) as { Dir: string };
      const source = join(cacheDir, 'build', 'jaeger');
      rmSync(source, { recursive: true, force: true });
      // The module cache is read-only; build and clean up in a copy of our own.
      cpSync(Dir, source, { recursive: true });
      await run('chmod', ['-R', 'u+w', source]);
      mkdirSync(dirs.bin, { recursive: true });
      const output = `${binary}.tmp`;
      // At low priority: on a first `pnpm start` the stack and the services start meanwhile, and
      // they, not the build, are what the newcomer waits for.
      const { code, output: log } = await runLines(
        'nice',
        ['-n', '10', go, 'build', '-v', '-trimpath', '-o', output, './cmd/jaeger'],
        (line) => {
          // -v names each package as it is compiled; go names each module it downloads.
          if (line.startsWith('go: downloading ')) modules += 1;
          else if (/^[\w.-]+(\/[\w.~-]+)*$/.test(line)) packages += 1;
        },
        { cwd: source, env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' } },
      );
      if (code !== 0) throw new StackError(`jaeger: go build failed: ${log.slice(-2000)}`);
      copyFileSync(output, binary);
      rmSync(output);
      rmSync(source, { recursive: true, force: true });
    },
    () =>
      modules + packages > 0 ? `${modules} modules downloaded, ${packages} packages compiled` : undefined,
  );
}
