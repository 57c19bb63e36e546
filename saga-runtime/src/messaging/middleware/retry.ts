import { classifyError } from '../../errors';
import type { Logger } from '../../logger';
import { type Middleware, ProcessingAbandoned } from '../message';

export interface RetryOptions {
  logger: Logger;
  /** Attempts for an unexpected (non-transient) failure before it is treated as poison. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Header the dead-letter middleware reads to record how often a message was tried. */
export const attemptsHeader = 'x-attempts';

/**
 * Transient failures (database, registry or broker away) are retried for as long as it takes,
 * with exponential backoff and jitter; the partition waits, nothing is committed, and other
 * partitions keep flowing. An unexpected error is retried `maxAttempts` times, then passed on.
 */
export function retry(options: RetryOptions): Middleware {
  const maxAttempts = options.maxAttempts ?? 5;
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  return (next) => async (message) => {
    for (let attempt = 1; ; attempt++) {
      try {
        message.headers[attemptsHeader] = String(attempt);
        return await next(message);
      } catch (error) {
        if (error instanceof ProcessingAbandoned) throw error;
        const classified = classifyError(error);
        const unexpected = classified.code === 'INTERNAL';
        if (!classified.retryable && !(unexpected && attempt < maxAttempts)) throw error;
        const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
        const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
        options.logger.warn('handling failed; will retry', {
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          attempt,
          retry_in_ms: delay,
          err: error,
        });
        await waitActively(message.control, delay, sleep);
      }
    }
  };
}

// Sleeps in slices so the consumer keeps heartbeating and notices a shutdown or revocation.
async function waitActively(
  control: { heartbeat(): Promise<void>; isActive(): boolean },
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
