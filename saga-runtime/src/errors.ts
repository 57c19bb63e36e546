/** One invalid input, for validation failures; `path` is dotted, e.g. `body.items.0.quantity`. */
export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorInit {
  /** Stable reason code clients and consumers switch on, e.g. ORDER_NOT_FOUND. */
  code: string;
  /** HTTP status when the error reaches a client. */
  status: number;
  /** Whether trying the same thing again later may succeed. */
  retryable?: boolean;
  /** Human readable, safe to show to a client. */
  detail: string;
  cause?: unknown;
  errors?: readonly FieldError[];
}

/** The one error type: every failure is mapped to it once, then rendered for HTTP or Kafka from it. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly detail: string;
  readonly errors: readonly FieldError[] | undefined;

  constructor(init: AppErrorInit) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.retryable = init.retryable ?? false;
    this.detail = init.detail;
    this.errors = init.errors;
  }

  static badRequest(code: string, detail: string, errors?: readonly FieldError[]): AppError {
    return new AppError({ code, status: 400, detail, errors });
  }

  static unauthorized(code: string, detail: string): AppError {
    return new AppError({ code, status: 401, detail });
  }

  static forbidden(code: string, detail: string): AppError {
    return new AppError({ code, status: 403, detail });
  }

  static notFound(code: string, detail: string): AppError {
    return new AppError({ code, status: 404, detail });
  }

  static conflict(code: string, detail: string): AppError {
    return new AppError({ code, status: 409, detail });
  }

  static unprocessable(code: string, detail: string, errors?: readonly FieldError[]): AppError {
    return new AppError({ code, status: 422, detail, errors });
  }

  /** A dependency is down or a race was lost: the same operation may succeed later. */
  static transient(code: string, detail: string, cause?: unknown): AppError {
    return new AppError({ code, status: 503, retryable: true, detail, cause });
  }

  /**
   * A message that can never succeed, however often it is retried: it goes to the dead-letter topic.
   * If one surfaces in a request, the service itself built something invalid, hence 500.
   */
  static poison(code: string, detail: string, cause?: unknown, errors?: readonly FieldError[]): AppError {
    return new AppError({ code, status: 500, detail, cause, errors });
  }

  /** A bug or an unexpected failure; the detail never repeats the cause, which may hold internals. */
  static internal(cause?: unknown): AppError {
    return new AppError({ code: 'INTERNAL', status: 500, detail: 'Internal server error', cause });
  }
}

/** Maps anything thrown to an AppError: known-transient failures of Postgres, Kafka and HTTP are retryable. */
export function classifyError(err: unknown): AppError {
  for (const candidate of causeChain(err)) {
    if (candidate instanceof AppError) return candidate;
    const code = transientCode(candidate);
    if (code) return AppError.transient(code, TRANSIENT_DETAIL[code], err);
  }
  return AppError.internal(err);
}

const TRANSIENT_DETAIL = {
  DEPENDENCY_UNAVAILABLE: 'A dependency is unreachable, try again later',
  DATABASE_UNAVAILABLE: 'The database is unavailable, try again later',
  DATABASE_SERIALIZATION_FAILURE: 'A concurrent update interfered, try again',
  DATABASE_DEADLOCK: 'A concurrent update deadlocked, try again',
  KAFKA_UNAVAILABLE: 'Kafka is unavailable, try again later',
  SCHEMA_REGISTRY_UNAVAILABLE: 'The schema registry is unavailable, try again later',
} as const;

type TransientCode = keyof typeof TRANSIENT_DETAIL;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
]);

// postgres.js raises these itself when a connection goes away or cannot be made in time.
const POSTGRES_JS_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

// SQLSTATEs: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
const POSTGRES_UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

const KAFKA_TRANSIENT_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSBrokerNotFound',
  'KafkaJSGroupCoordinatorNotFound',
]);

// The registry client reports a socket error as an HTTP 400 whose message is the socket error's.
const NETWORK_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|socket hang up|Timeout \(/;

type ErrorLike = Error & { code?: unknown; retriable?: unknown; status?: unknown; severity?: unknown };

function transientCode(err: ErrorLike): TransientCode | undefined {
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (code && POSTGRES_JS_CODES.has(code)) return 'DATABASE_UNAVAILABLE';
  if (code && isSqlState(err, code)) {
    if (code.startsWith('08') || POSTGRES_UNAVAILABLE_STATES.has(code)) return 'DATABASE_UNAVAILABLE';
    if (code === '40001') return 'DATABASE_SERIALIZATION_FAILURE';
    if (code === '40P01') return 'DATABASE_DEADLOCK';
    return undefined;
  }
  if (err.name.startsWith('KafkaJS') && (err.retriable === true || KAFKA_TRANSIENT_NAMES.has(err.name))) {
    return 'KAFKA_UNAVAILABLE';
  }
  if (
    err.name === 'ResponseError' &&
    typeof err.status === 'number' &&
    isRegistryUnavailable(err, err.status)
  ) {
    return 'SCHEMA_REGISTRY_UNAVAILABLE';
  }
  if (code && NETWORK_CODES.has(code)) return 'DEPENDENCY_UNAVAILABLE';
  if (err.name === 'TimeoutError' || (err instanceof TypeError && err.message === 'fetch failed')) {
    return 'DEPENDENCY_UNAVAILABLE';
  }
  return undefined;
}

function isSqlState(err: ErrorLike, code: string): boolean {
  // Five characters alone would also match Node's EPIPE, hence the check for a server-sent error.
  return /^[0-9A-Z]{5}$/.test(code) && (err.name === 'PostgresError' || typeof err.severity === 'string');
}

function isRegistryUnavailable(err: Error, status: number): boolean {
  return (
    status >= 500 || status === 408 || status === 429 || (status === 400 && NETWORK_MESSAGE.test(err.message))
  );
}

/** The error, its causes and the members of aggregate errors, outermost first. */
function* causeChain(err: unknown): Generator<ErrorLike> {
  const queue: unknown[] = [err];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (!(current instanceof Error) || seen.has(current)) continue;
    seen.add(current);
    yield current;
    queue.push(current.cause);
    if (current instanceof AggregateError) queue.push(...current.errors);
  }
}
