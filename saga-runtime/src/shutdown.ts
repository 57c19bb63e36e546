import type { Logger } from './logger';

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface ShutdownOptions {
  /** After this long the process exits with 1, whatever is still closing. */
  timeoutMs?: number;
  signals?: readonly NodeJS.Signals[];
  /** Injected for tests; the real process by default. */
  process?: SignalSource;
  exit?: (code: number) => void;
}

export type Closer = () => unknown;

export interface ShutdownRegistry {
  /** Closers run in reverse order of registration: what started last stops first. */
  add(name: string, close: Closer): void;
  /** Starts the same sequence a signal does, e.g. after a fatal error; resolves when it has finished. */
  shutdown(reason: string): Promise<void>;
}

export function onShutdown(logger: Logger, options: ShutdownOptions = {}): ShutdownRegistry {
  const {
    timeoutMs = 10_000,
    signals = ['SIGTERM', 'SIGINT'],
    process: source = process,
    exit = (code: number) => process.exit(code),
  } = options;
  const closers: { name: string; close: Closer }[] = [];
  let running: Promise<void> | undefined;
  let exited = false;

  const exitOnce = (code: number) => {
    if (exited) return;
    exited = true;
    exit(code);
  };

  const closeAll = async (reason: string) => {
    logger.info('shutting down', { reason, closers: closers.length, timeout_ms: timeoutMs });
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed, exiting', { timeout_ms: timeoutMs });
      exitOnce(1);
    }, timeoutMs);
    let failed = false;
    for (const { name, close } of [...closers].reverse()) {
      if (exited) break;
      logger.info('closing', { closer: name });
      try {
        await close();
        logger.info('closed', { closer: name });
      } catch (err) {
        // The rest still deserve their chance to flush and disconnect.
        failed = true;
        logger.error('closing failed', { closer: name, err });
      }
    }
    clearTimeout(deadline);
    if (exited) return;
    logger.info('shutdown complete', { failed });
    exitOnce(failed ? 1 : 0);
  };

  const shutdown = (reason: string): Promise<void> => {
    running ??= closeAll(reason);
    return running;
  };

  const received = new Set<NodeJS.Signals>();
  for (const signal of signals) {
    source.on(signal, () => {
      if (received.has(signal)) {
        // The same signal again (a second Ctrl-C): the operator has stopped waiting.
        logger.warn('second signal during shutdown, forcing exit', { signal });
        exitOnce(1);
        return;
      }
      received.add(signal);
      if (running) {
        // Another signal asking for the same: Ctrl-C in a terminal reaches the whole process group,
        // so a service under a supervisor (`pnpm start`) gets SIGINT and then the supervisor's SIGTERM.
        logger.info('already shutting down', { signal });
        return;
      }
      void shutdown(signal);
    });
  }

  return {
    add(name, close) {
      if (running) {
        logger.warn('closer registered during shutdown is ignored', { closer: name });
        return;
      }
      closers.push({ name, close });
    },
    shutdown,
  };
}
