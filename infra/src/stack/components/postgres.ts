import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import postgresJs from 'postgres';
import { StackError, startDetached, waitFor } from '../proc';
import { instanceDir, postgres as pg, ports, repoRoot, urls } from '../settings';
import type { Component } from './component';

export const postgres: Component = {
  name: 'postgres',
  url: `${urls.postgres}/<service>`,
  ports: [ports.postgres],
  // The binaries come with the npm package; nothing to download here.
  installed: () => true,
  async install() {
    if (userInfo().uid === 0) {
      assertReachableByOthers(instanceDir);
      assertReachableByOthers(repoRoot);
    }
  },
  async start() {
    const pid = startDetached('postgres', process.execPath, [
      '--import',
      'tsx',
      join(repoRoot, 'infra/src/stack/postgres-daemon.ts'),
    ]);
    await waitFor('postgres', () => this.healthy(), { timeoutMs: 60_000, pid });
    await createDatabases();
    return pid;
  },
  async healthy() {
    const sql = postgresJs(`${urls.postgres}/postgres`, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return true;
    } catch {
      return false;
    } finally {
      await sql.end({ timeout: 1 });
    }
  },
};

/** One database per service (and one for the registry), created when missing. */
export const createDatabases = (): Promise<void> => ensureDatabases(pg.databases);

/** Creates those of `names` the stack's server does not have yet (the bench's scratch ones too). */
export async function ensureDatabases(names: readonly string[]): Promise<void> {
  const sql = postgresJs(`${urls.postgres}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database`;
    const existing = new Set(rows.map((row) => row.datname));
    for (const name of names) {
      if (!existing.has(name)) await sql.unsafe(`create database "${name}"`);
    }
  } finally {
    await sql.end();
  }
}

// As root, the server runs as the `postgres` user, which must be able to walk down to its
// data directory and to the binaries in node_modules; a checkout under /root is not.
function assertReachableByOthers(dir: string): void {
  for (let current = dir; current !== dirname(current); current = dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) {
      throw new StackError(
        `postgres: as root, the server runs as user "postgres", which cannot enter ${current}; ` +
          `clone the project under a world-traversable path (e.g. /work or /srv), or run "chmod o+x ${current}"`,
      );
    }
  }
}
