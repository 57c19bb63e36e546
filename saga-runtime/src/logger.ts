import { createRequire } from 'node:module';
import type { DestinationStream, Logger as PinoLogger } from 'pino';
import { type LogFields, sanitizeFields } from './log-fields';

export type { LogFields } from './log-fields';

// Loaded through `require` on purpose: OpenTelemetry's pino instrumentation (which adds
// trace_id and span_id to every line written inside a span) patches CommonJS loads, and an ESM
// import would need its loader hook, which costs each process some 60 MB of memory.
const pino = createRequire(import.meta.url)('pino') as typeof import('pino');

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Passing an Error where fields go is shorthand for `{ err }`. */
export type LogExtra = LogFields | Error;

/** The logging port the code writes to; pino does the work. */
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

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  /**
   * Where lines go, one JSON document per line. By default stdout, written asynchronously: lines
   * that come while a write is under way leave together in the next one, as a synchronous write
   * per line cost more than the logging itself under load. pino flushes what is pending when the
   * process exits; a kill -9 loses at most that.
   */
  stream?: DestinationStream;
}

const RESERVED = new Set(['time', 'level', 'service', 'msg']);

/** Fields never overwrite the standard ones, and are made JSON-safe (errors, secrets, cycles) at any depth. */
function safeFields(fields: LogFields): LogFields {
  const safe = sanitizeFields(fields);
  for (const key of RESERVED) delete safe[key];
  return safe;
}

export function createLogger(options: LoggerOptions): Logger {
  const { service, level = 'info' } = options;
  const root = pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: safeFields,
      },
      // `safeFields` has already turned errors into plain objects, causes and codes included, with
      // their secrets masked; pino's own serializer would take those for errors a second time.
      serializers: { err: (value: unknown) => value },
    },
    options.stream ?? pino.destination({ sync: false }),
  );
  return wrap(root, level);
}

function wrap(logger: PinoLogger, level: LogLevel): Logger {
  const at =
    (entryLevel: LogLevel) =>
    (msg: string, extra?: LogExtra): void =>
      logger[entryLevel](extra instanceof Error ? { err: extra } : (extra ?? {}), msg);
  return {
    level,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    isLevelEnabled: (candidate) => logger.isLevelEnabled(candidate),
    child: (fields) => wrap(logger.child(safeFields(fields)), level),
  };
}
