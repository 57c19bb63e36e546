import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { repoRoot } from '../stack/settings';
import { buildAll } from './build';

const run = promisify(execFile);

/**
 * The cluster story's stack: an instance of its own with three Kafka nodes, beside the `test`
 * instance the other stories keep using. Its settings come from the project's env
 * (vitest.config.ts), which this process does not run under, so the stack CLI runs as a child.
 *
 * `up` runs in the background while the other projects' tests run; the story's own `up` waits for
 * it (one `up` at a time per instance). Taken down at the end only if this run started it.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = { ...process.env, ...project.config.env };
  const stack = (command: string) =>
    run(process.execPath, ['--import', 'tsx', 'infra/src/stack/cli.ts', command], {
      cwd: repoRoot,
      env,
      timeout: 600_000,
    });
  await buildAll();
  const wasRunning = await stack('status').then(
    () => true,
    () => false,
  );
  const bringingUp = wasRunning ? Promise.resolve() : stack('up').then(() => undefined);
  // The story's own `up` reports a failure; this one must not crash the run meanwhile.
  bringingUp.catch(() => {});
  return async () => {
    await bringingUp.catch(() => {});
    if (!wasRunning && process.env.KEEP_STACK !== '1') await stack('down');
  };
}
