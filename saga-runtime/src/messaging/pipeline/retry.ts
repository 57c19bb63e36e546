import { classifyError } from '../../errors';
import type { Logger } from '../../logger';
import { type MessageControl, ProcessingAbandoned, RunFailure, type RunStep } from '../message';

export interface RetryOptions {
  logger: Logger;
  /** Attempts for an unexpected (non-transient) failure of a message alone before it is treated as poison. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Transient failures (database, registry or broker away) are retried for as long as it takes,
 * from the failed message on, with exponential backoff and jitter; the partition waits, nothing
 * after it is committed, and other partitions keep flowing. An unexpected error is retried
 * `maxAttempts` times, but only for a message alone: in a longer run it is isolated first. What
 * is given up on is passed on with the number of attempts it had.
 */
export function retry(options: RetryOptions): RunStep {
  const maxAttempts = options.maxAttempts ?? 5;
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  return (next) => async (run) => {
    let done = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await next(run.slice(done));
        return;
      } catch (error) {
        const failure = RunFailure.at(done, error);
        // Progress: the attempts are counted for the message that failed now.
        if (failure.index > done) attempt = 1;
        done = failure.index;
        if (failure.cause instanceof ProcessingAbandoned) throw failure;
        const classified = classifyError(failure.cause);
        const unexpected = classified.code === 'INTERNAL' && run.length === 1;
        if (!classified.retryable && !(unexpected && attempt < maxAttempts)) {
          throw new RunFailure(failure.index, failure.cause, attempt);
        }
        const message = run[done]!;
        const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
        const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
        options.logger.warn('handling failed; will retry', {
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          attempt,
          retry_in_ms: delay,
          err: failure.cause,
        });
        try {
          await waitActively(message.control, delay, sleep);
        } catch (abandoned) {
          throw new RunFailure(done, abandoned, attempt);
        }
      }
    }
  };
}

// Sleeps in slices so the consumer keeps heartbeating and notices a shutdown or revocation.
async function waitActively(
  control: MessageControl,
  ms: number,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  for (let left = ms; left > 0; left -= 1000) {
    if (!control.isActive()) throw new ProcessingAbandoned('consumer stopping during retry');
    await sleep(Math.min(1000, left));
    await control.heartbeat().catch(() => {});
  }
  if (!control.isActive()) throw new ProcessingAbandoned('consumer stopping during retry');
}
