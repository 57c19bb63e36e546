import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);
const binary = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium, installed with apt when missing (as on a fresh CI machine, where we are root). */
export async function ensureChromium(): Promise<string> {
  if (existsSync(binary)) return binary;
  if (userInfo().uid !== 0) {
    throw new Error(
      `${binary} is missing: install Debian's chromium ("sudo apt-get install chromium") or set CHROMIUM_PATH`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env, timeout: 300_000 });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    env,
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!existsSync(binary)) throw new Error(`apt-get installed chromium but ${binary} is still missing`);
  return binary;
}

// This machine's network is closed: without these, Chromium spends its start-up on refused connections.
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
];

export async function screenshot(
  chromium: string,
  url: string,
  file: string,
  userDataDir: string,
): Promise<void> {
  await run(
    chromium,
    [...flags, `--user-data-dir=${userDataDir}`, '--window-size=1100,900', `--screenshot=${file}`, url],
    {
      timeout: 60_000,
    },
  );
}

/** The DOM after scripts ran, as Chromium serialises it: proof the page rendered, not just that it was served. */
export async function renderedDom(chromium: string, url: string, userDataDir: string): Promise<string> {
  const { stdout } = await run(chromium, [...flags, `--user-data-dir=${userDataDir}`, '--dump-dom', url], {
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}
