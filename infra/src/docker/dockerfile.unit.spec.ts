import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serviceNodeFlags } from '../dev/services';
import { dockerfile, read } from './compose-file';

const rootPackage = JSON.parse(read('package.json')) as { packageManager: string };

describe('Dockerfile', () => {
  it('selects the service with a SERVICE build arg and runs its compiled main.js', () => {
    expect(dockerfile).toMatch(/^ARG SERVICE\b/m);
    expect(dockerfile).toMatch(/^FROM \S+ AS service$/m);
    expect(dockerfile).toMatch(/^RUN pnpm build$/m);
    expect(dockerfile).toMatch(
      /node --conditions=compiled (--\S+ )*(--import \S+ )*\\?"\$\{?SAGA_SERVICE\}?\/dist\/main\.js/,
    );
    expect(dockerfile).toMatch(/^ENV SAGA_SERVICE=\$\{SERVICE\}/m);
  });

  it('gives the service the heap limits the local services run with', () => {
    const nodeOptions = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile)?.[1];
    expect(nodeOptions?.split(' ')).toEqual(serviceNodeFlags);
  });

  it('starts tracing before the service code loads, so Jaeger gets its spans', () => {
    const register = /--import \.\/saga-runtime\/(dist\/telemetry\/register\.js) /.exec(dockerfile)?.[1];
    expect(register, 'the service command does not --import the telemetry register').toBeDefined();
    const exported = JSON.parse(read('saga-runtime/package.json')).exports['./telemetry/register'];
    expect(exported.compiled).toBe(`./${register}`);
    expect(read(`saga-runtime/${exported.default.slice(2)}`)).toContain('startTracing(');
  });

  it('starts from a pinned Node 20 slim image and the pnpm version package.json pins', () => {
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(base).toMatch(/^node:20\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
    const pnpmVersion = rootPackage.packageManager.replace(/^pnpm@/, '');
    expect(dockerfile).toContain(`npm i -g pnpm@${pnpmVersion}`);
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
  });

  it('copies the manifest of every workspace package before installing', () => {
    const { packages } = parse(read('pnpm-workspace.yaml')) as { packages: string[] };
    for (const pkg of packages) expect(dockerfile).toContain(`COPY ${pkg}/package.json ${pkg}/`);
  });

  it('runs as a non-root user in production mode, with a health check on /health', () => {
    const users = [...dockerfile.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*infra\/docker\/healthcheck\.mjs/m);
    const healthcheck = read('infra/docker/healthcheck.mjs');
    expect(healthcheck).toMatch(/http:\/\/127\.0\.0\.1:\$\{port\}\/health/);
    // Without PORT it reads the default port from the compiled saga declaration.
    const compiled = JSON.parse(read('schemas/package.json')).exports['./saga'].compiled.slice(2);
    expect(healthcheck).toContain(`../../schemas/${compiled}`);
  });
});
