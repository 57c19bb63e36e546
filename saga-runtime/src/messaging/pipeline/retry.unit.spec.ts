import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { rawMessage, silentLogger } from '../../testing/handler-harness';
import { ProcessingAbandoned, type RawMessage, RunFailure } from '../message';
import { retry } from './retry';

const runOf = (length: number, active = () => true): RawMessage[] =>
  Array.from({ length }, (_, offset) => ({
    ...rawMessage('t', Buffer.from('x'), {}, offset),
    control: { heartbeat: async () => {}, isActive: active },
  }));

/** Each call of the chain throws the next of `failures` (a RunFailure of the run it was given), or succeeds. */
function harness(failures: unknown[], options: { maxAttempts?: number; random?: () => number } = {}) {
  const slept: number[] = [];
  const calls: string[][] = [];
  const handle = retry({
    logger: silentLogger(),
    maxAttempts: options.maxAttempts ?? 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    sleep: async (ms) => void slept.push(ms),
    random: options.random ?? (() => 1),
  })(async (run) => {
    calls.push(run.map((message) => message.offset));
    const failure = failures[calls.length - 1];
    if (failure) throw failure;
  });
  return { handle, slept, calls };
}

describe('retry step', () => {
  it('given transient failures, then it retries with growing, capped backoff until the run succeeds', async () => {
    const transient = new RunFailure(0, AppError.transient('DATABASE_UNAVAILABLE', 'down'));
    const { handle, slept, calls } = harness(Array.from({ length: 6 }, () => transient));
    await handle(runOf(1));
    expect(calls).toHaveLength(7);
    // Sleeps are sliced into ≤1 s pieces so heartbeats continue: 100, 200, 400, 800, 1000, 1000.
    expect(slept).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('given a transient failure mid-run, then only the failed message and those after it are tried again', async () => {
    const { handle, calls } = harness([new RunFailure(2, AppError.transient('DATABASE_DEADLOCK', 'x'))]);
    await handle(runOf(4));
    expect(calls).toEqual([
      ['0', '1', '2', '3'],
      ['2', '3'],
    ]);
  });

  it('given a poison message, then it gives up at once, after one attempt', async () => {
    const poison = AppError.poison('WIRE_FORMAT_INVALID', 'bad bytes');
    const { handle, calls } = harness([new RunFailure(0, poison)]);
    await expect(handle(runOf(1))).rejects.toMatchObject({ cause: poison, attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it('given an unexpected error (a bug) of a message alone, then it tries maxAttempts times and passes it on with the count', async () => {
    const bug = new TypeError('undefined is not a function');
    const { handle, calls } = harness(Array.from({ length: 4 }, () => new RunFailure(0, bug)));
    await expect(handle(runOf(1))).rejects.toMatchObject({ index: 0, cause: bug, attempts: 3 });
    expect(calls).toHaveLength(3);
  });

  it('given an unexpected error within a longer run, then the run is not retried: the message is isolated first', async () => {
    const bug = new TypeError('undefined is not a function');
    const { handle, calls } = harness([new RunFailure(1, bug)]);
    await expect(handle(runOf(50))).rejects.toMatchObject({ index: 1, cause: bug, attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it('given the consumer stops during a retry, then processing is abandoned (the offset stays uncommitted)', async () => {
    let active = true;
    const transient = new RunFailure(0, AppError.transient('KAFKA_UNAVAILABLE', 'down'));
    const { handle } = harness([transient, transient]);
    const failure = handle(
      runOf(1, () => {
        const was = active;
        active = false;
        return was;
      }),
    );
    await expect(failure).rejects.toMatchObject({ index: 0, cause: expect.any(ProcessingAbandoned) });
  });

  it('given random jitter at its lowest, then it never sleeps less than half the backoff, so a failing partition cannot spin', async () => {
    const transient = new RunFailure(0, AppError.transient('X', 'down'));
    const { handle, slept } = harness([transient, transient, transient], { random: () => 0 });
    await handle(runOf(1));
    expect(slept).toEqual([50, 100, 200]);
  });
});
