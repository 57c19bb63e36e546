import { accessSync, constants } from 'node:fs';
import { z } from 'zod';
import { databaseTarget } from './db/database-url';
import { isSecretKey } from './log-fields';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigIssue {
  key: string;
  reason: string;
}

/** A rule over several variables; it sees only values that parsed, plus the raw environment. */
export type ConfigCheck = (config: Readonly<Record<string, unknown>>, env: Env) => ConfigIssue[];

/**
 * Symbol-keyed so that `configKeys` never lists it, yet it still travels along when a service spreads
 * `baseConfigShape(...)` into its own shape, so nobody can forget to apply the base checks.
 */
export const configChecks: unique symbol = Symbol('configChecks');

export type ConfigShape = {
  readonly [key: string]: z.ZodType;
  readonly [configChecks]?: readonly ConfigCheck[];
};

export type Config<S extends ConfigShape> = {
  readonly [K in keyof S as K extends string ? K : never]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i.key}: ${i.reason}`).join('\n')}`);
  }
}

/** Parses every variable of `shape` from `env` and reports all problems at once. */
export function loadConfig<S extends ConfigShape>(shape: S, env: Env = process.env): Config<S> {
  const config: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const key of configKeys(shape)) {
    // docker-compose passes `FOO=` for a variable that is declared but unset: treat it as absent.
    const raw = env[key] === '' ? undefined : env[key];
    const result = shape[key]!.safeParse(raw);
    if (result.success) config[key] = result.data;
    else issues.push({ key, reason: describeIssues(key, raw, result.error.issues) });
  }
  for (const check of shape[configChecks] ?? []) issues.push(...check(config, env));
  if (issues.length > 0) throw new ConfigError(issues);
  return config as Config<S>;
}

/** The environment variable names a shape reads. */
export function configKeys(shape: ConfigShape): string[] {
  return Object.keys(shape);
}

/** Attaches cross-field checks to a shape, keeping any it already carries. */
export function withChecks<S extends ConfigShape>(shape: S, ...checks: ConfigCheck[]): S {
  return { ...shape, [configChecks]: [...(shape[configChecks] ?? []), ...checks] };
}

/** A comma-separated list, trimmed, without empty items. */
export function envList(defaults?: readonly string[]) {
  const list = z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .pipe(z.array(z.string()).min(1, 'expected at least one item'));
  return defaults ? list.default([...defaults]) : list;
}

/** `z.coerce.boolean()` turns "false" into true; this accepts only the spellings people actually use. */
export function envBoolean(defaultValue?: boolean) {
  const bool = z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((s) => s === 'true' || s === '1' || s === 'yes');
  return defaultValue === undefined ? bool : bool.default(defaultValue);
}

const durationUnits = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration such as `500ms`, `90s`, `15m`, `12h` or `7d`, read as milliseconds. */
export function envDuration(defaultValue: `${number}${keyof typeof durationUnits}`) {
  return z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 90s, 15m, 12h or 7d')
    .default(defaultValue)
    .transform((text) => {
      const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(text)!;
      return Number(amount) * durationUnits[unit as keyof typeof durationUnits];
    });
}

export const DEV_ADMIN_TOKEN = 'dev-admin-token';

const requireAdminTokenInProduction: ConfigCheck = (config, env) => {
  if (config.NODE_ENV !== 'production') return [];
  const token = env.ADMIN_TOKEN;
  if (token === undefined || token === '') {
    return [{ key: 'ADMIN_TOKEN', reason: 'required when NODE_ENV=production' }];
  }
  if (token === DEV_ADMIN_TOKEN) {
    return [{ key: 'ADMIN_TOKEN', reason: 'must not be the development default when NODE_ENV=production' }];
  }
  return [];
};

function namesItsTarget(url: string): boolean {
  try {
    databaseTarget(url);
    return true;
  } catch {
    return false;
  }
}

export const kafkaSaslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof kafkaSaslMechanisms)[number];

const readableFile = z.string().refine(
  (path) => {
    try {
      accessSync(path, constants.R_OK);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a readable file' },
);

const present = (value: unknown) => value !== undefined;

/** SASL needs all three of mechanism, user and password; any one alone is a mistake worth naming. */
const requireSaslTogether: ConfigCheck = (config, env) => {
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: user,
    KAFKA_SASL_PASSWORD: password,
  } = config;
  // A misspelt mechanism is already reported as such, not also as a missing one.
  if (present(mechanism) || (env.KAFKA_SASL_MECHANISM ?? '') !== '') {
    return [
      ...(present(user)
        ? []
        : [{ key: 'KAFKA_SASL_USERNAME', reason: 'required when KAFKA_SASL_MECHANISM is set' }]),
      ...(present(password)
        ? []
        : [{ key: 'KAFKA_SASL_PASSWORD', reason: 'required when KAFKA_SASL_MECHANISM is set' }]),
    ];
  }
  if (present(user) || present(password)) {
    return [
      {
        key: 'KAFKA_SASL_MECHANISM',
        reason: `required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (${kafkaSaslMechanisms.join('|')})`,
      },
    ];
  }
  return [];
};

const requireTlsForTlsFiles: ConfigCheck = (config) => {
  const files = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const;
  const issues: ConfigIssue[] = files
    .filter((key) => present(config[key]) && config.KAFKA_SSL !== true)
    .map((key) => ({ key, reason: 'needs KAFKA_SSL=true' }));
  if (present(config.KAFKA_SSL_CERT_FILE) !== present(config.KAFKA_SSL_KEY_FILE)) {
    const missing = present(config.KAFKA_SSL_CERT_FILE) ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE';
    issues.push({
      key: missing,
      reason: 'a client certificate needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
    });
  }
  return issues;
};

// PLAIN sends the password itself; on a plaintext connection anyone on the path reads it.
const refuseClearPasswordsInProduction: ConfigCheck = (config) =>
  config.NODE_ENV === 'production' && config.KAFKA_SASL_MECHANISM === 'plain' && config.KAFKA_SSL !== true
    ? [
        {
          key: 'KAFKA_SASL_MECHANISM',
          reason: 'plain sends the password in clear: set KAFKA_SSL=true in production',
        },
      ]
    : [];

const requireRegistryCredentialsTogether: ConfigCheck = (config) =>
  present(config.SCHEMA_REGISTRY_USERNAME) === present(config.SCHEMA_REGISTRY_PASSWORD)
    ? []
    : [
        {
          key: present(config.SCHEMA_REGISTRY_USERNAME)
            ? 'SCHEMA_REGISTRY_PASSWORD'
            : 'SCHEMA_REGISTRY_USERNAME',
          reason: 'basic auth needs both SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD',
        },
      ];

/**
 * How to reach a secured Kafka and registry: TLS, SASL and basic auth. Services read it as part of
 * `baseConfigShape`; operator tools and the stack read it alone (`loadConfig(connectionSecurityShape)`).
 */
export const connectionSecurityShape = withChecks(
  {
    KAFKA_SSL: envBoolean(false),
    KAFKA_SSL_CA_FILE: readableFile.optional(),
    KAFKA_SSL_CERT_FILE: readableFile.optional(),
    KAFKA_SSL_KEY_FILE: readableFile.optional(),
    KAFKA_SASL_MECHANISM: z.enum(kafkaSaslMechanisms).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    SCHEMA_REGISTRY_USERNAME: z.string().min(1).optional(),
    SCHEMA_REGISTRY_PASSWORD: z.string().min(1).optional(),
  },
  requireSaslTogether,
  requireTlsForTlsFiles,
  refuseClearPasswordsInProduction,
  requireRegistryCredentialsTogether,
);

export type ConnectionSecurity = Config<typeof connectionSecurityShape>;

/** The variables every service reads. */
export function baseConfigShape(service: { name: string; defaultPort: number }) {
  return withChecks(
    {
      PORT: z.coerce.number().int().min(1).max(65_535).default(service.defaultPort),
      // How long an idle keep-alive connection stays open (http/listen.ts says why it is long).
      HTTP_KEEP_ALIVE_TIMEOUT: envDuration('65s'),
      NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
      LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
      DATABASE_URL: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
        .refine(namesItsTarget, 'expected ?host= to name a socket directory (an absolute path)')
        .default(`postgres://postgres:postgres@127.0.0.1:5432/${service.name}`),
      KAFKA_BROKERS: envList(['127.0.0.1:9092']),
      SCHEMA_REGISTRY_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8081/apis/ccompat/v7'),
      ADMIN_TOKEN: z.string().min(1).default(DEV_ADMIN_TOKEN),
      OTEL_SERVICE_NAME: z.string().min(1).default(service.name),
      // Messages a consumer applies in one transaction (1: one transaction per message).
      CONSUMER_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(50),
      // How long messaging bookkeeping is kept (README, "Retention"), and how often it is pruned.
      INBOX_RETENTION: envDuration('7d'),
      OUTBOX_RETENTION: envDuration('1d'),
      DEAD_LETTER_RETENTION: envDuration('30d'),
      PRUNE_INTERVAL: envDuration('1m'),
      ...connectionSecurityShape,
    },
    requireAdminTokenInProduction,
  );
}

export type BaseConfig = Config<ReturnType<typeof baseConfigShape>>;

function describeIssues(key: string, raw: string | undefined, issues: readonly z.core.$ZodIssue[]): string {
  if (raw === undefined) return 'required';
  const shown = isSecretKey(key) ? '<redacted>' : hideUrlPassword(raw);
  const reasons = [...new Set(issues.map(describeIssue))];
  return `${reasons.join('; ')}, got "${shown}"`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${withArticle(issue.expected === 'int' ? 'integer' : issue.expected)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join('|')}`;
    default:
      // zod phrases most messages as "Too small: expected number to be >=1"; keep the useful half.
      return /expected .*/.exec(issue.message)?.[0] ?? issue.message;
  }
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function hideUrlPassword(value: string): string {
  return value.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
