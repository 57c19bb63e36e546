import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isAlive, isPortOpen, readPid } from './proc';
import { instanceDir, ports, repoRoot } from './settings';
import { components } from './stack';

const run = promisify(execFile);
const stack = (command: string) =>
  run(process.execPath, ['--import', 'tsx', 'infra/src/stack/cli.ts', command], {
    cwd: repoRoot,
    timeout: 600_000,
  });

/**
 * Every process whose command line mentions the instance's folder: Kafka, postgres and its children,
 * Jaeger. The registry's names only the shared cache; its pid is checked on its own. The trailing
 * slash keeps other instances out: `test-cluster`'s folder begins with `test`'s name.
 */
async function stackProcesses(): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(`${instanceDir}/`) && !line.includes('ps -eo'))
    .map((line) => line.trim());
}

describe('pnpm stack', () => {
  it('up twice finds everything running; down leaves no process or port behind; up brings it back', {
    timeout: 600_000,
  }, async () => {
    await stack('up');
    const second = await stack('up');
    for (const component of components) expect(second.stdout).toContain(`${component.name} already running`);
    const status = await stack('status');
    expect(status.stdout.match(/healthy/g)).toHaveLength(components.length);
    const pids = components.map((component) => readPid(component.name)!);
    expect(pids.every(isAlive)).toBe(true);

    await stack('down');
    try {
      expect(pids.filter(isAlive)).toEqual([]);
      expect(await stackProcesses()).toEqual([]);
      const listening = [];
      for (const port of Object.values(ports)) if (await isPortOpen(port)) listening.push(port);
      expect(listening).toEqual([]);
      await expect(stack('status')).rejects.toMatchObject({ stdout: expect.stringContaining('stopped') });
    } finally {
      // The tests after this one need the stack, whatever this one found.
      await stack('up');
    }
    expect((await stack('status')).stdout.match(/healthy/g)).toHaveLength(components.length);
  });
});
