import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { silentLogger } from '../../testing/handler-harness';
import { ProcessingAbandoned, type RawMessage } from '../message';
import { retry } from './retry';

const message = (active = () => true): RawMessage => ({
  topic: 't',
  partition: 0,
  offset: '7',
  key: null,
  value: Buffer.from('x'),
  headers: {},
  timestamp: '0',
  control: { heartbeat: async () => {}, isActive: active },
});

function harness(failures: unknown[], options: { maxAttempts?: number; active?: () => boolean } = {}) {
  const slept: number[] = [];
  let calls = 0;
  const handle = retry({
    logger: silentLogger(),
    maxAttempts: options.maxAttempts ?? 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    sleep: async (ms) => {
      slept.push(ms);
    },
    random: () => 1,
  })(async () => {
    const failure = failures[calls++];
    if (failure) throw failure;
  });
  return { run: () => handle(message(options.active)), slept, calls: () => calls };
}

describe('retry middleware', () => {
  it('given transient failures, then it retries with growing, capped backoff until the handler succeeds', async () => {
    const transient = AppError.transient('DATABASE_UNAVAILABLE', 'down');
    const { run, slept, calls } = harness(Array.from({ length: 6 }, () => transient));
    await run();
    expect(calls()).toBe(7);
    // Sleeps are sliced into ≤1 s pieces so heartbeats continue: 100, 200, 400, 800, 1000, 1000.
    expect(slept).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('given a poison message, then it gives up at once', async () => {
    const poison = AppError.poison('WIRE_FORMAT_INVALID', 'bad bytes');
    const { run, calls } = harness([poison]);
    await expect(run()).rejects.toBe(poison);
    expect(calls()).toBe(1);
  });

  it('given an unexpected error (a bug), then it tries maxAttempts times and passes it on', async () => {
    const bug = new TypeError('undefined is not a function');
    const { run, calls } = harness([bug, bug, bug, bug]);
    await expect(run()).rejects.toBe(bug);
    expect(calls()).toBe(3);
  });

  it('given the consumer stops during a retry, then processing is abandoned (the offset stays uncommitted)', async () => {
    let active = true;
    const transient = AppError.transient('KAFKA_UNAVAILABLE', 'down');
    const { run } = harness([transient, transient], {
      active: () => {
        const was = active;
        active = false;
        return was;
      },
    });
    await expect(run()).rejects.toBeInstanceOf(ProcessingAbandoned);
  });

  it('never sleeps less than half the backoff, so a failing partition cannot spin', async () => {
    const slept: number[] = [];
    const handle = retry({
      logger: silentLogger(),
      baseDelayMs: 100,
      sleep: async (ms) => void slept.push(ms),
      random: () => 0,
    })(
      (() => {
        let calls = 0;
        return async () => {
          if (calls++ < 3) throw AppError.transient('X', 'down');
        };
      })(),
    );
    await handle(message());
    expect(slept).toEqual([50, 100, 200]);
  });
});
