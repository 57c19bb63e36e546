import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  baseConfigShape,
  ConfigError,
  configKeys,
  connectionSecurityShape,
  envBoolean,
  envDuration,
  envList,
  loadConfig,
  withChecks,
} from './config';

const base = baseConfigShape({ name: 'order', defaultPort: 3001 });

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadConfig({ PORT: z.coerce.number().default(80), NAME: z.string() }, { NAME: 'x' });
    expect(config).toEqual({ PORT: 80, NAME: 'x' });
    expect(loadConfig({ PORT: z.coerce.number() }, { PORT: '8080' }).PORT).toBe(8080);
  });

  it('reports every missing or invalid variable in one error', () => {
    const shape = { KAFKA_BROKERS: envList(), PORT: z.coerce.number(), OK: z.string().default('y') };
    const err = configErrorOf(() => loadConfig(shape, { PORT: 'abc' }));
    expect(err.message).toBe(
      'Invalid configuration:\n  - KAFKA_BROKERS: required\n  - PORT: expected a number, got "abc"',
    );
    expect(err.issues.map((i) => i.key)).toEqual(['KAFKA_BROKERS', 'PORT']);
  });

  it('treats an empty string as unset', () => {
    expect(configErrorOf(() => loadConfig({ A: z.string() }, { A: '' })).issues).toEqual([
      { key: 'A', reason: 'required' },
    ]);
    expect(loadConfig({ A: z.string().default('d') }, { A: '' }).A).toBe('d');
  });

  it('describes enum, integer and range failures', () => {
    const shape = { E: z.enum(['a', 'b']), I: z.coerce.number().int(), R: z.coerce.number().min(1) };
    const err = configErrorOf(() => loadConfig(shape, { E: 'c', I: '1.5', R: '0' }));
    expect(err.issues).toEqual([
      { key: 'E', reason: 'expected one of a|b, got "c"' },
      { key: 'I', reason: 'expected an integer, got "1.5"' },
      { key: 'R', reason: 'expected number to be >=1, got "0"' },
    ]);
  });

  it('never echoes values of secret-looking variables or URL passwords', () => {
    const shape = { API_TOKEN: z.string().min(10), DB: z.url().regex(/^mysql:/, 'expected mysql') };
    const err = configErrorOf(() =>
      loadConfig(shape, { API_TOKEN: 'short', DB: 'postgres://u:hunter2@h/db' }),
    );
    expect(err.message).not.toContain('short');
    expect(err.message).not.toContain('hunter2');
    expect(err.message).toContain('got "<redacted>"');
    expect(err.message).toContain('postgres://u:***@h/db');
  });

  it('runs cross-field checks on parsed values and reports them with field errors', () => {
    const shape = withChecks({ MIN: z.coerce.number(), MAX: z.coerce.number(), X: z.string() }, (c) =>
      typeof c.MIN === 'number' && typeof c.MAX === 'number' && c.MIN > c.MAX
        ? [{ key: 'MIN', reason: 'must not exceed MAX' }]
        : [],
    );
    const err = configErrorOf(() => loadConfig(shape, { MIN: '5', MAX: '1' }));
    expect(err.issues).toEqual([
      { key: 'X', reason: 'required' },
      { key: 'MIN', reason: 'must not exceed MAX' },
    ]);
  });
});

describe('envDuration', () => {
  it('reads a number and a unit as milliseconds, with its default when unset', () => {
    const shape = { D: envDuration('7d') };
    expect(loadConfig(shape, {}).D).toBe(7 * 86_400_000);
    expect(loadConfig(shape, { D: '500ms' }).D).toBe(500);
    expect(loadConfig(shape, { D: '90s' }).D).toBe(90_000);
    expect(loadConfig(shape, { D: '15m' }).D).toBe(900_000);
    expect(loadConfig(shape, { D: '12h' }).D).toBe(43_200_000);
    expect(loadConfig(shape, { D: '0s' }).D).toBe(0);
  });

  it('refuses a bare number or an unknown unit, saying what it expects', () => {
    for (const wrong of ['7', '7 d', '1w', '-1d', '1.5h']) {
      expect(configErrorOf(() => loadConfig({ D: envDuration('1d') }, { D: wrong })).issues[0]?.reason).toBe(
        `expected a duration such as 90s, 15m, 12h or 7d, got "${wrong}"`,
      );
    }
  });
});

describe('envList and envBoolean', () => {
  it('splits and trims comma lists', () => {
    expect(loadConfig({ L: envList() }, { L: ' a:1, b:2 ,,' }).L).toEqual(['a:1', 'b:2']);
    expect(configErrorOf(() => loadConfig({ L: envList() }, { L: ' , ' })).issues[0]?.reason).toBe(
      'expected at least one item, got " , "',
    );
  });

  it('parses booleans strictly', () => {
    expect(loadConfig({ B: envBoolean() }, { B: 'false' }).B).toBe(false);
    expect(loadConfig({ B: envBoolean() }, { B: 'yes' }).B).toBe(true);
    expect(loadConfig({ B: envBoolean(true) }, {}).B).toBe(true);
    expect(() => loadConfig({ B: envBoolean() }, { B: 'maybe' })).toThrow(ConfigError);
  });
});

describe('baseConfigShape', () => {
  it('has development defaults for everything', () => {
    expect(loadConfig(base, {})).toEqual({
      PORT: 3001,
      HTTP_KEEP_ALIVE_TIMEOUT: 65_000,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:5432/order',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
      ADMIN_TOKEN: 'dev-admin-token',
      OTEL_SERVICE_NAME: 'order',
      CONSUMER_BATCH_SIZE: 50,
      INBOX_RETENTION: 7 * 86_400_000,
      OUTBOX_RETENTION: 86_400_000,
      DEAD_LETTER_RETENTION: 30 * 86_400_000,
      PRUNE_INTERVAL: 60_000,
      KAFKA_SSL: false,
    });
  });

  it('parses broker lists', () => {
    expect(loadConfig(base, { KAFKA_BROKERS: 'k1:9092,k2:9092' }).KAFKA_BROKERS).toEqual([
      'k1:9092',
      'k2:9092',
    ]);
  });

  it('takes a Unix-domain socket directory in DATABASE_URL, and nothing else as ?host=', () => {
    const socket = 'postgres://postgres:postgres@127.0.0.1:5432/order?host=/tmp';
    expect(loadConfig(base, { DATABASE_URL: socket }).DATABASE_URL).toBe(socket);
    const err = configErrorOf(() =>
      loadConfig(base, { DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1/order?host=db' }),
    );
    expect(err.message).toBe(
      'Invalid configuration:\n' +
        '  - DATABASE_URL: expected ?host= to name a socket directory (an absolute path), got "postgres://postgres:***@127.0.0.1/order?host=db"',
    );
  });

  it('requires a real ADMIN_TOKEN in production, reported with the other problems', () => {
    const err = configErrorOf(() => loadConfig(base, { NODE_ENV: 'production', PORT: 'x' }));
    expect(err.message).toBe(
      'Invalid configuration:\n' +
        '  - PORT: expected a number, got "x"\n' +
        '  - ADMIN_TOKEN: required when NODE_ENV=production',
    );
    expect(() => loadConfig(base, { NODE_ENV: 'production', ADMIN_TOKEN: 'dev-admin-token' })).toThrow(
      /must not be the development default/,
    );
    expect(loadConfig(base, { NODE_ENV: 'production', ADMIN_TOKEN: 's3cret' }).ADMIN_TOKEN).toBe('s3cret');
  });

  it('keeps its checks when spread into a service shape', () => {
    const shape = { ...base, OUTBOX_POLL_MS: z.coerce.number().default(100) };
    expect(() => loadConfig(shape, { NODE_ENV: 'production' })).toThrow(/ADMIN_TOKEN: required/);
    expect(loadConfig(shape, {}).OUTBOX_POLL_MS).toBe(100);
  });

  it('lists the variables it reads', () => {
    expect(configKeys({ ...base, EXTRA: z.string() })).toEqual([
      'PORT',
      'HTTP_KEEP_ALIVE_TIMEOUT',
      'NODE_ENV',
      'LOG_LEVEL',
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'SCHEMA_REGISTRY_URL',
      'ADMIN_TOKEN',
      'OTEL_SERVICE_NAME',
      'CONSUMER_BATCH_SIZE',
      'INBOX_RETENTION',
      'OUTBOX_RETENTION',
      'DEAD_LETTER_RETENTION',
      'PRUNE_INTERVAL',
      'KAFKA_SSL',
      'KAFKA_SSL_CA_FILE',
      'KAFKA_SSL_CERT_FILE',
      'KAFKA_SSL_KEY_FILE',
      'KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_USERNAME',
      'KAFKA_SASL_PASSWORD',
      'SCHEMA_REGISTRY_USERNAME',
      'SCHEMA_REGISTRY_PASSWORD',
      'EXTRA',
    ]);
  });
});

describe('connectionSecurityShape', () => {
  const thisFile = new URL(import.meta.url).pathname;
  const issuesOf = (env: Record<string, string>) => configErrorOf(() => loadConfig(base, env)).issues;

  it('reads SASL, TLS and registry credentials', () => {
    expect(
      loadConfig(connectionSecurityShape, {
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: thisFile,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'inventory',
        KAFKA_SASL_PASSWORD: 'pw',
        SCHEMA_REGISTRY_USERNAME: 'reg',
        SCHEMA_REGISTRY_PASSWORD: 'regpw',
      }),
    ).toMatchObject({
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: thisFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'inventory',
      SCHEMA_REGISTRY_USERNAME: 'reg',
    });
  });

  it('refuses a mechanism without user and password, and credentials without a mechanism', () => {
    expect(issuesOf({ KAFKA_SASL_MECHANISM: 'plain' })).toEqual([
      { key: 'KAFKA_SASL_USERNAME', reason: 'required when KAFKA_SASL_MECHANISM is set' },
      { key: 'KAFKA_SASL_PASSWORD', reason: 'required when KAFKA_SASL_MECHANISM is set' },
    ]);
    expect(issuesOf({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      {
        key: 'KAFKA_SASL_MECHANISM',
        reason:
          'required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (plain|scram-sha-256|scram-sha-512)',
      },
    ]);
    expect(
      issuesOf({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }),
    ).toEqual([
      {
        key: 'KAFKA_SASL_MECHANISM',
        reason: 'expected one of plain|scram-sha-256|scram-sha-512, got "gssapi"',
      },
    ]);
  });

  it('never echoes the SASL or registry password', () => {
    const err = configErrorOf(() =>
      loadConfig(base, { KAFKA_SASL_PASSWORD: 'hunter2', SCHEMA_REGISTRY_PASSWORD: 'swordfish' }),
    );
    expect(err.message).not.toContain('hunter2');
    expect(err.message).not.toContain('swordfish');
    expect(err.issues.map((issue) => issue.key)).toEqual([
      'KAFKA_SASL_MECHANISM',
      'SCHEMA_REGISTRY_USERNAME',
    ]);
  });

  it('wants TLS on for its files, both halves of a client certificate, and files it can read', () => {
    expect(issuesOf({ KAFKA_SSL_CA_FILE: thisFile })).toEqual([
      { key: 'KAFKA_SSL_CA_FILE', reason: 'needs KAFKA_SSL=true' },
    ]);
    expect(issuesOf({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: thisFile })).toEqual([
      {
        key: 'KAFKA_SSL_KEY_FILE',
        reason: 'a client certificate needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
      },
    ]);
    expect(issuesOf({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' })).toEqual([
      { key: 'KAFKA_SSL_CA_FILE', reason: 'expected a readable file, got "/nonexistent/ca.pem"' },
    ]);
  });

  it('refuses PLAIN without TLS in production only', () => {
    const plain = { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };
    expect(loadConfig(base, plain).KAFKA_SASL_MECHANISM).toBe('plain');
    expect(issuesOf({ ...plain, NODE_ENV: 'production', ADMIN_TOKEN: 't' })).toEqual([
      {
        key: 'KAFKA_SASL_MECHANISM',
        reason: 'plain sends the password in clear: set KAFKA_SSL=true in production',
      },
    ]);
    expect(
      loadConfig(base, { ...plain, NODE_ENV: 'production', ADMIN_TOKEN: 't', KAFKA_SSL: 'true' }).KAFKA_SSL,
    ).toBe(true);
  });
});
