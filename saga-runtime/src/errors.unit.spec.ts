import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { AppError, classifyError } from './errors';

const withProps = (message: string, props: Record<string, unknown>, name?: string) => {
  const err = Object.assign(new Error(message), props);
  if (name) Object.defineProperty(err, 'name', { value: name });
  return err;
};

const pgError = (code: string) => withProps('db says no', { code, severity: 'FATAL' }, 'PostgresError');

describe('AppError helpers', () => {
  it.each([
    [AppError.badRequest('BAD', 'd'), 400, false],
    [AppError.unauthorized('UNAUTH', 'd'), 401, false],
    [AppError.forbidden('FORBIDDEN', 'd'), 403, false],
    [AppError.notFound('ORDER_NOT_FOUND', 'd'), 404, false],
    [AppError.conflict('CONFLICT', 'd'), 409, false],
    [AppError.unprocessable('UNPROCESSABLE', 'd'), 422, false],
    [AppError.transient('DOWN', 'd'), 503, true],
    [AppError.poison('EVENT_INVALID', 'd'), 500, false],
    [AppError.internal(), 500, false],
  ])('%o has status %i and retryable %s', (err, status, retryable) => {
    expect(err).toBeInstanceOf(AppError);
    expect(err).toBeInstanceOf(Error);
    expect(err.status).toBe(status);
    expect(err.retryable).toBe(retryable);
  });

  it('keeps code, detail, cause and field errors', () => {
    const cause = new Error('root');
    const err = AppError.transient('DB_DOWN', 'database down', cause);
    expect(err).toMatchObject({
      name: 'AppError',
      code: 'DB_DOWN',
      detail: 'database down',
      message: 'database down',
    });
    expect(err.cause).toBe(cause);
    const invalid = AppError.badRequest('VALIDATION_FAILED', 'bad input', [
      { path: 'body.x', message: 'required' },
    ]);
    expect(invalid.errors).toEqual([{ path: 'body.x', message: 'required' }]);
  });

  it('never repeats the cause of an internal error in its detail', () => {
    const err = AppError.internal(new Error('password=hunter2'));
    expect(err.detail).toBe('Internal server error');
    expect(err.message).not.toContain('hunter2');
  });
});

describe('classifyError', () => {
  const transient = (err: unknown) => {
    const classified = classifyError(err);
    expect(classified.retryable).toBe(true);
    expect(classified.status).toBe(503);
    expect(classified.cause).toBe(err);
    return classified.code;
  };

  it('returns AppErrors unchanged, also when wrapped', () => {
    const original = AppError.notFound('ORDER_NOT_FOUND', 'no such order');
    expect(classifyError(original)).toBe(original);
    expect(classifyError(new Error('wrapped', { cause: original }))).toBe(original);
  });

  it('treats postgres connection failures as transient', () => {
    expect(transient(withProps('write CONNECTION_CLOSED', { code: 'CONNECTION_CLOSED' }))).toBe(
      'DATABASE_UNAVAILABLE',
    );
    expect(transient(withProps('x', { code: 'CONNECT_TIMEOUT' }))).toBe('DATABASE_UNAVAILABLE');
    for (const state of ['08006', '08001', '57P01', '53300']) {
      expect(transient(pgError(state))).toBe('DATABASE_UNAVAILABLE');
    }
    expect(transient(withProps('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }))).toBe(
      'DEPENDENCY_UNAVAILABLE',
    );
  });

  it('treats serialization failures and deadlocks as transient, also inside a drizzle wrapper', () => {
    expect(transient(pgError('40001'))).toBe('DATABASE_SERIALIZATION_FAILURE');
    const wrapped = new Error('Failed query: update ...', { cause: pgError('40P01') });
    expect(transient(wrapped)).toBe('DATABASE_DEADLOCK');
  });

  it('treats other postgres errors as internal', () => {
    const classified = classifyError(pgError('23505'));
    expect(classified).toMatchObject({ code: 'INTERNAL', status: 500, retryable: false });
    // EPIPE is five capitals too, but not a SQLSTATE.
    expect(transient(withProps('write EPIPE', { code: 'EPIPE' }))).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('treats retriable kafkajs errors as transient', () => {
    expect(transient(new KafkaJSConnectionError('Connection error'))).toBe('KAFKA_UNAVAILABLE');
    const exhausted = new KafkaJSNumberOfRetriesExceeded(new Error('x'), { retryCount: 5, retryTime: 100 });
    expect(exhausted.retriable).toBe(false);
    expect(transient(exhausted)).toBe('KAFKA_UNAVAILABLE');
    const protocolError = (type: string, retriable: boolean) =>
      new KafkaJSProtocolError(withProps(type, { type, retriable }));
    const leaderMoved = protocolError('NOT_LEADER_FOR_PARTITION', true);
    expect(transient(leaderMoved)).toBe('KAFKA_UNAVAILABLE');
    const fatal = protocolError('INVALID_REQUEST', false);
    expect(classifyError(fatal).code).toBe('INTERNAL');
  });

  it('treats unreachable or failing schema registries as transient', () => {
    const responseError = (status: number, message: string) =>
      withProps(message, { status, unauthorized: false, url: 'GET http://r/schemas/ids/1' }, 'ResponseError');
    expect(transient(responseError(400, 'Error, status 400: connect ECONNREFUSED 127.0.0.1:8081'))).toBe(
      'SCHEMA_REGISTRY_UNAVAILABLE',
    );
    expect(transient(responseError(503, 'unavailable'))).toBe('SCHEMA_REGISTRY_UNAVAILABLE');
    expect(classifyError(responseError(404, 'Schema not found')).code).toBe('INTERNAL');
  });

  it('treats fetch failures and timeouts as transient', () => {
    const refused = new TypeError('fetch failed', { cause: withProps('refused', { code: 'ECONNREFUSED' }) });
    expect(transient(refused)).toBe('DEPENDENCY_UNAVAILABLE');
    expect(transient(new TypeError('fetch failed'))).toBe('DEPENDENCY_UNAVAILABLE');
    expect(transient(new DOMException('timed out', 'TimeoutError'))).toBe('DEPENDENCY_UNAVAILABLE');
    const dualStack = new AggregateError([withProps('', { code: 'ECONNREFUSED' })], '');
    expect(transient(dualStack)).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('maps everything else to a non-retryable internal error', () => {
    for (const thrown of [new Error('bug'), 'a string', undefined, { code: 'ECONNREFUSED' }]) {
      const classified = classifyError(thrown);
      expect(classified).toMatchObject({ code: 'INTERNAL', status: 500, retryable: false });
      expect(classified.cause).toBe(thrown);
    }
  });

  it('survives cyclic causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(classifyError(a).code).toBe('INTERNAL');
  });
});
