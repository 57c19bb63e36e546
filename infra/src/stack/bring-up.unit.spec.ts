import { describe, expect, it } from 'vitest';
import { bringUp } from './bring-up';

/** A component whose install finishes when the test says so; every step lands in `log`. */
function fake(name: string, log: string[], installed = false) {
  let finish: (error?: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(error) : resolve());
  });
  return {
    name,
    installed: () => installed,
    install: async () => {
      log.push(`install ${name}`);
      if (installed) return;
      await done;
      log.push(`installed ${name}`);
    },
    finish: (error?: Error) => finish(error),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('bringing the stack up', () => {
  it('given nothing installed, then every install starts at once and each component starts once its own install is done, in order', async () => {
    const log: string[] = [];
    const [postgres, kafka, registry] = [
      fake('postgres', log, true),
      fake('kafka', log),
      fake('registry', log),
    ];
    const start = async (component: { name: string }) => {
      log.push(`start ${component.name}`);
      return true;
    };
    const up = bringUp([postgres, kafka, registry], [], start);
    await tick();
    expect(log).toEqual(['install postgres', 'install kafka', 'install registry', 'start postgres']);

    registry.finish();
    await tick();
    expect(log).not.toContain('start registry');
    kafka.finish();
    const { started, deferred } = await up;
    expect(log.slice(4)).toEqual(['installed registry', 'installed kafka', 'start kafka', 'start registry']);
    expect(started).toEqual(['postgres', 'kafka', 'registry']);
    expect(deferred).toEqual([]);
  });

  it('given a deferrable component still to build, then the rest comes up without waiting for it, and it starts in the background once built', async () => {
    const log: string[] = [];
    const [postgres, jaeger] = [fake('postgres', log, true), fake('jaeger', log)];
    const start = async (component: { name: string }) => {
      log.push(`start ${component.name}`);
      return true;
    };
    const { started, deferred, later } = await bringUp([postgres, jaeger], ['jaeger'], start);
    expect(deferred).toEqual(['jaeger']);
    expect(started).toEqual(['postgres']);
    expect(log).not.toContain('start jaeger');

    jaeger.finish();
    expect(await later).toEqual(['jaeger']);
    expect(log.at(-1)).toBe('start jaeger');
    expect(started).toEqual(['postgres', 'jaeger']);
  });

  it('given a deferrable component already built, then it starts in line like the rest', async () => {
    const log: string[] = [];
    const jaeger = fake('jaeger', log, true);
    const { started, deferred, later } = await bringUp([jaeger], ['jaeger'], async () => true);
    expect(deferred).toEqual([]);
    expect(started).toEqual(['jaeger']);
    expect(await later).toEqual([]);
  });

  it('given a deferred build fails, then the rest is up and the failure arrives through later', async () => {
    const log: string[] = [];
    const [postgres, jaeger] = [fake('postgres', log, true), fake('jaeger', log)];
    const { started, later } = await bringUp([postgres, jaeger], ['jaeger'], async () => true);
    jaeger.finish(new Error('go build failed'));
    await expect(later).rejects.toThrow('go build failed');
    expect(started).toEqual(['postgres']);
  });

  it('given an install that fails, then bringing up fails with it', async () => {
    const log: string[] = [];
    const kafka = fake('kafka', log);
    const up = bringUp([kafka], [], async () => true);
    kafka.finish(new Error('maven could not fetch'));
    await expect(up).rejects.toThrow('maven could not fetch');
  });
});
