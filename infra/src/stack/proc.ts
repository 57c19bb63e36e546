import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cacheDir, dirs } from './settings';

/** A failure the user can act on: printed as one line, without a stack trace. */
export class StackError extends Error {
  override name = 'StackError';
}

const pidFile = (name: string) => join(dirs.run, `${name}.pid`);
export const logFile = (name: string) => join(dirs.logs, `${name}.log`);

export function readPid(name: string): number | undefined {
  return readPidFile(pidFile(name));
}

function readPidFile(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch {
    return false;
  }
}

// A killed child of a still-running parent lingers as a zombie; it answers signals but is gone.
function isZombie(pid: number): boolean {
  try {
    return /^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export function runningPid(name: string): number | undefined {
  const pid = readPid(name);
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

/**
 * Starts a long-lived process in its own process group, detached from this one, so the
 * stack outlives `pnpm stack up` and `down` can stop the whole group (JVMs fork helpers).
 */
export function startDetached(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): number {
  mkdirSync(dirs.logs, { recursive: true });
  mkdirSync(dirs.run, { recursive: true });
  const log = openSync(logFile(name), 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', log, log],
  });
  if (child.pid === undefined) throw new StackError(`${name}: could not start ${command}`);
  child.unref();
  writeFileSync(pidFile(name), `${child.pid}\n`);
  return child.pid;
}

/**
 * SIGTERM to the group, then SIGKILL after the grace period; resolves once nothing is left.
 * `SIGKILL` first is a crash: no shutdown hook runs (Kafka hands nothing over).
 */
export async function stopProcess(
  name: string,
  graceMs = 15_000,
  signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM',
): Promise<boolean> {
  const pid = readPid(name);
  rmSync(pidFile(name), { force: true });
  if (pid === undefined || !isAlive(pid)) return false;
  signalGroup(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The last lines a component logged, so that a failure read from CI's output names its cause. */
function logTail(name: string, lines = 15): string {
  try {
    const tail = readFileSync(logFile(name), 'utf8').trimEnd().split('\n').slice(-lines);
    return `; it ended:\n${tail.map((line) => `  ${line}`).join('\n')}`;
  } catch {
    return '';
  }
}

/** Polls `probe` until it returns true; fails with the component's log file named. */
export async function waitFor(
  name: string,
  probe: () => Promise<boolean>,
  { timeoutMs, pid }: { timeoutMs: number; pid?: number },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    if (pid !== undefined && !isAlive(pid)) {
      throw new StackError(`${name} exited during start-up; see ${logFile(name)}${logTail(name)}`);
    }
    await sleep(250);
  }
  throw new StackError(`${name} was not ready after ${timeoutMs / 1000}s; see ${logFile(name)}`);
}

export async function httpOk(url: string, init?: RequestInit): Promise<boolean> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
  return response.ok;
}

/**
 * Serialises stack operations across processes (two test projects bring the stack up at once);
 * `dir` holds the lock: the instance's by default, the cache's for what instances share.
 * The lock file holds its owner's pid, so a crashed owner does not block anyone.
 */
export async function withLock<T>(name: string, work: () => Promise<T>, dir: string = dirs.run): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.lock`);
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch {
      const owner = readPidFile(file);
      if (owner !== undefined && owner !== process.pid && !isAlive(owner)) rmSync(file, { force: true });
      else await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * Fetches or builds something into the cache every instance shares, once: an instance that finds
 * another one at it waits, then finds it done. A complete cache is only read, never locked.
 */
export async function installOnce(
  name: string,
  installed: () => boolean | Promise<boolean>,
  install: () => Promise<void>,
): Promise<void> {
  if (await installed()) return;
  await withLock(
    `install-${name}`,
    async () => {
      if (!(await installed())) await install();
    },
    cacheDir,
  );
}
