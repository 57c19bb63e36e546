import { type LogFields, sanitizeFields } from './log-fields';

export type { LogFields } from './log-fields';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Passing an Error where fields go is shorthand for `{ err }`. */
export type LogExtra = LogFields | Error;

export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, extra?: LogExtra): void;
  info(msg: string, extra?: LogExtra): void;
  warn(msg: string, extra?: LogExtra): void;
  error(msg: string, extra?: LogExtra): void;
  isLevelEnabled(level: LogLevel): boolean;
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger;
}

export interface LogSink {
  write(line: string): unknown;
}

/**
 * Lines written in one turn of the event loop leave in one write. Stdout to a pipe is a
 * synchronous system call per write on Linux, which under load cost more than the logging itself.
 * What is pending is written on exit; a kill -9 loses at most one turn's lines.
 */
export function coalescingSink(target: { write(chunk: string): unknown } = process.stdout): LogSink {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    target.write(chunk);
  };
  process.on('exit', flush);
  return {
    write(line) {
      if (pending.length === 0) setImmediate(flush);
      pending.push(line);
    },
  };
}

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  /** Where lines go; one JSON document per line. */
  stream?: LogSink;
  clock?: () => Date;
  /** Called for every line written, e.g. to add the active trace and span ids. */
  context?: () => LogFields | undefined;
}

const RESERVED = new Set(['time', 'level', 'service', 'msg']);

export function createLogger(options: LoggerOptions): Logger {
  const { service, level = 'info', stream = process.stdout, clock = () => new Date(), context } = options;
  const threshold = LOG_LEVELS.indexOf(level);

  const write = (entryLevel: LogLevel, msg: string, bound: LogFields, extra: LogExtra | undefined) => {
    const fields = {
      ...readContext(context),
      ...bound,
      ...(extra instanceof Error ? { err: extra } : extra),
    };
    const entry: LogFields = { time: clock().toISOString(), level: entryLevel, service, msg };
    for (const [key, value] of Object.entries(sanitizeFields(fields))) {
      if (!RESERVED.has(key) && value !== undefined) entry[key] = value;
    }
    stream.write(`${JSON.stringify(entry)}\n`);
  };

  const make = (bound: LogFields): Logger => {
    const at = (entryLevel: LogLevel) => (msg: string, extra?: LogExtra) => {
      if (LOG_LEVELS.indexOf(entryLevel) >= threshold) write(entryLevel, msg, bound, extra);
    };
    return {
      level,
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      isLevelEnabled: (candidate) => LOG_LEVELS.indexOf(candidate) >= threshold,
      child: (fields) => make({ ...bound, ...fields }),
    };
  };

  return make({});
}

function readContext(context: (() => LogFields | undefined) | undefined): LogFields | undefined {
  try {
    return context?.();
  } catch {
    // Losing trace ids on one line beats losing the line.
    return undefined;
  }
}
