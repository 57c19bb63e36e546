// Turns arbitrary log fields into JSON-safe values: errors become plain objects, secrets are masked,
// cycles and bigints cannot break a log line.

const SECRET_KEY = /password|passwd|token|secret|authorization|api_?key|cookie/i;
const MAX_DEPTH = 8;
export const REDACTED = '[REDACTED]';

export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

export type LogFields = Record<string, unknown>;

export function sanitizeFields(fields: LogFields): LogFields {
  return sanitizeObject(fields, new WeakSet(), 0);
}

interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
  detail?: unknown;
  cause?: unknown;
  errors?: unknown[];
}

function errorToObject(err: Error, seen: WeakSet<object>, depth: number): SerializedError {
  const out: SerializedError = { name: err.name, message: err.message };
  if (err.stack) out.stack = err.stack;
  const extra = err as Error & { code?: unknown; detail?: unknown };
  if (extra.code !== undefined) out.code = sanitize(extra.code, seen, depth + 1);
  if (extra.detail !== undefined) out.detail = sanitize(extra.detail, seen, depth + 1);
  if (err.cause !== undefined) out.cause = sanitize(err.cause, seen, depth + 1);
  // Node reports a refused connection to a dual-stack host as an AggregateError with an empty message.
  if (err instanceof AggregateError) out.errors = err.errors.map((e) => sanitize(e, seen, depth + 1));
  return out;
}

function sanitize(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return `<Buffer ${value.length} bytes>`;
  seen.add(value);
  try {
    if (value instanceof Error) return errorToObject(value, seen, depth);
    if (Array.isArray(value)) return value.map((item) => sanitize(item, seen, depth + 1));
    if (value instanceof Map) return sanitizeObject(Object.fromEntries(value), seen, depth);
    if (value instanceof Set) return [...value].map((item) => sanitize(item, seen, depth + 1));
    return sanitizeObject(value as LogFields, seen, depth);
  } finally {
    // Only ancestors count as cycles; the same object twice side by side is fine.
    seen.delete(value);
  }
}

function sanitizeObject(value: LogFields, seen: WeakSet<object>, depth: number): LogFields {
  const out: LogFields = {};
  for (const [key, item] of Object.entries(value)) {
    if (isSecretKey(key) && item !== undefined && item !== null) out[key] = REDACTED;
    else out[key] = sanitize(item, seen, depth + 1);
  }
  return out;
}
