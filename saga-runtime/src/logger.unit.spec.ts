import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions } from './logger';

function capture(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'order',
    stream: { write: (line: string) => void lines.push(line) },
    ...options,
  });
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, entries };
}

describe('createLogger', () => {
  it('writes one JSON line per entry: UTC time, level, service, message and the fields', () => {
    const { logger, lines, entries } = capture();
    logger.info('order placed', { order_id: 'o-1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\n$/);
    expect(entries()[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      service: 'order',
      msg: 'order placed',
      order_id: 'o-1',
    });
  });

  it('filters by level', () => {
    const { logger, entries } = capture({ level: 'warn' });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(entries().map((e) => e.level)).toEqual(['warn', 'error']);
    expect(logger.isLevelEnabled('info')).toBe(false);
    expect(logger.isLevelEnabled('error')).toBe(true);
  });

  it('binds fields in children without touching the parent', () => {
    const { logger, entries } = capture();
    const child = logger.child({ order_id: 'o-1' }).child({ step: 'reserve' });
    child.info('a', { attempt: 2 });
    logger.info('b');
    expect(entries()[0]).toMatchObject({ order_id: 'o-1', step: 'reserve', attempt: 2 });
    expect(entries()[1]).not.toHaveProperty('order_id');
  });

  it('never lets fields overwrite the standard ones', () => {
    const { logger, entries } = capture();
    logger.child({ service: 'evil' }).info('real', { msg: 'fake', level: 'error', time: 0 });
    expect(entries()[0]).toEqual({
      time: expect.any(String),
      level: 'info',
      service: 'order',
      msg: 'real',
    });
  });

  it('serializes errors with code and cause, also when passed directly', () => {
    const { logger, entries } = capture();
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const err = new Error('query failed', { cause });
    logger.error('boom', err);
    logger.error('boom', { err, order_id: 'o-1' });
    const [direct, nested] = entries();
    expect(direct?.err).toMatchObject({
      name: 'Error',
      message: 'query failed',
      stack: expect.stringContaining('query failed'),
      cause: { name: 'Error', message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' },
    });
    expect(nested).toMatchObject({ order_id: 'o-1', err: { message: 'query failed' } });
  });

  it('serializes aggregate errors', () => {
    const { logger, entries } = capture();
    logger.error('x', new AggregateError([new Error('v4 refused'), new Error('v6 refused')], ''));
    expect(entries()[0]?.err).toMatchObject({
      errors: [{ message: 'v4 refused' }, { message: 'v6 refused' }],
    });
  });

  it('redacts secret-looking keys at any depth', () => {
    const { logger, lines } = capture();
    logger.info('config', {
      password: 'p1',
      db: { user: 'u', dbPassword: 'p2' },
      headers: [{ Authorization: 'Bearer t0k3n' }],
      ADMIN_TOKEN: 't1',
      clientSecret: 's1',
      err: Object.assign(new Error('x'), { cause: { api_key: 'k1' } }),
      token: null,
    });
    const line = lines[0]!;
    for (const secret of ['p1', 'p2', 't0k3n', 't1', 's1', 'k1']) expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({
      password: '[REDACTED]',
      db: { user: 'u', dbPassword: '[REDACTED]' },
      headers: [{ Authorization: '[REDACTED]' }],
      token: null,
    });
  });

  it('copes with cycles, bigints, dates, buffers and repeated objects', () => {
    const { logger, entries } = capture();
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    const shared = { x: 1 };
    logger.info('odd values', {
      cyclic,
      big: 10n,
      at: new Date('2030-01-01T00:00:00Z'),
      buf: Buffer.from('abc'),
      pair: [shared, shared],
      fn: () => 1,
    });
    expect(entries()[0]).toMatchObject({
      cyclic: { name: 'a', self: '[Circular]' },
      big: '10',
      at: '2030-01-01T00:00:00.000Z',
      buf: '<Buffer 3 bytes>',
      pair: [{ x: 1 }, { x: 1 }],
    });
    expect(entries()[0]).not.toHaveProperty('fn');
  });
});
