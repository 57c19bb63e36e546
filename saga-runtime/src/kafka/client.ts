import { Kafka, type logCreator, logLevel, type RetryOptions } from 'kafkajs';
import type { Logger, LogLevel } from '../logger';
import type { KafkaSecurity } from './security';

export interface CreateKafkaOptions {
  clientId: string;
  brokers: string[];
  /** Without one kafkajs stays silent; its failures still surface as rejected promises. */
  logger?: Logger;
  retry?: RetryOptions;
  /** TLS and SASL for a secured cluster (`kafkaSecurity(config)`); plaintext without. */
  security?: KafkaSecurity;
}

// kafkajs' default (5 retries from 300 ms, about 9 s in all) gives up during a broker restart or a
// leader election; this rides out roughly half a minute before an operation fails.
const DEFAULT_RETRY: RetryOptions = { initialRetryTime: 300, maxRetryTime: 10_000, retries: 8 };

export function createKafka({ clientId, brokers, logger, retry, security }: CreateKafkaOptions): Kafka {
  return new Kafka({
    clientId,
    brokers,
    ...security,
    // 1 s, the kafkajs default, fails spuriously on a loaded CI machine.
    connectionTimeout: 3_000,
    retry: { ...DEFAULT_RETRY, ...retry },
    logLevel: logger ? KAFKAJS_LEVEL[logger.level] : logLevel.NOTHING,
    ...(logger ? { logCreator: kafkaLogCreator(logger) } : {}),
  });
}

const KAFKAJS_LEVEL: Record<LogLevel, logLevel> = {
  debug: logLevel.DEBUG,
  info: logLevel.INFO,
  warn: logLevel.WARN,
  error: logLevel.ERROR,
};

const FROM_KAFKAJS_LEVEL: Partial<Record<logLevel, LogLevel>> = {
  [logLevel.DEBUG]: 'debug',
  [logLevel.INFO]: 'info',
  [logLevel.WARN]: 'warn',
  [logLevel.ERROR]: 'error',
};

/** Routes kafkajs' own log lines through our logger, keeping its structured fields. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ source: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      // Our logger stamps its own time; kafkajs' timestamp and logger name would only duplicate it.
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      kafkaLogger[FROM_KAFKAJS_LEVEL[level] ?? 'debug'](message, { namespace, ...fields });
    };
}
