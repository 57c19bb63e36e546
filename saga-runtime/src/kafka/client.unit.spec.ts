import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../logger';
import { createKafka, kafkaLogCreator } from './client';

function captureLogger(level: LogLevel = 'debug') {
  const entries: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'order',
    level,
    stream: { write: (l: string) => entries.push(JSON.parse(l)) },
  });
  return { logger, entries };
}

describe('kafkaLogCreator', () => {
  it("writes kafkajs' entries through our logger with their fields", () => {
    const { logger, entries } = captureLogger();
    const log = kafkaLogCreator(logger)(logLevel.INFO);
    log({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: {
        timestamp: '2030-01-01T00:00:00.000Z',
        logger: 'kafkajs',
        message: 'Connection error: connect ECONNREFUSED',
        broker: '127.0.0.1:9092',
        retryCount: 2,
      },
    });
    expect(entries).toEqual([
      expect.objectContaining({
        level: 'error',
        service: 'order',
        msg: 'Connection error: connect ECONNREFUSED',
        source: 'kafkajs',
        namespace: 'Connection',
        broker: '127.0.0.1:9092',
        retryCount: 2,
      }),
    ]);
    expect(entries[0]).not.toHaveProperty('timestamp');
    expect(entries[0]).not.toHaveProperty('logger');
  });

  it('maps each kafkajs level', () => {
    const { logger, entries } = captureLogger();
    const log = kafkaLogCreator(logger)(logLevel.DEBUG);
    for (const level of [logLevel.DEBUG, logLevel.INFO, logLevel.WARN, logLevel.ERROR]) {
      log({ namespace: 'x', level, label: '', log: { message: 'm', timestamp: '', logger: 'kafkajs' } });
    }
    expect(entries.map((e) => e.level)).toEqual(['debug', 'info', 'warn', 'error']);
  });
});

describe('createKafka', () => {
  it('builds a client without connecting', () => {
    const { logger, entries } = captureLogger('warn');
    const kafka = createKafka({ clientId: 'order-service', brokers: ['127.0.0.1:1'], logger });
    expect(typeof kafka.producer).toBe('function');
    kafka.logger().info('filtered by our level');
    kafka.logger().warn('kept');
    expect(entries.map((e) => e.msg)).toEqual(['kept']);
  });
});
