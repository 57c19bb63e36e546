import { STATUS_CODES } from 'node:http';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, classifyError, type FieldError } from '../errors';
import type { Logger } from '../logger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details; `code` is the stable reason code clients switch on. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: readonly FieldError[];
}

/** Maps anything thrown while serving a request to an AppError, including Hono's own HTTPExceptions. */
export function toAppError(err: unknown): AppError {
  if (err instanceof HTTPException) {
    const clientError = err.status < 500;
    return new AppError({
      code: codeForStatus(err.status),
      status: err.status,
      // Hono's messages for 4xx ("Malformed JSON in request body") are meant for clients; others may not be.
      detail: clientError && err.message ? err.message : titleFor(err.status),
      cause: err,
    });
  }
  return classifyError(err);
}

export function problemDetails(error: AppError, instance?: string): ProblemDetails {
  const problem: ProblemDetails = {
    // The reason lives in `code`; about:blank tells clients the title is just the status phrase.
    type: 'about:blank',
    title: titleFor(error.status),
    status: error.status,
    detail: error.detail,
    code: error.code,
  };
  if (instance !== undefined) problem.instance = instance;
  if (error.errors && error.errors.length > 0) problem.errors = error.errors;
  return problem;
}

export function problemResponse(c: Context, error: AppError): Response {
  const body = JSON.stringify(problemDetails(error, c.req.path));
  return c.body(body, error.status as ContentfulStatusCode, { 'Content-Type': PROBLEM_CONTENT_TYPE });
}

/** `app.onError(problemHandler(logger))`: every failure leaves as problem+json, never with a stack trace. */
export function problemHandler(logger: Logger): ErrorHandler {
  return (err, c) => {
    const error = toAppError(err);
    const fields = { method: c.req.method, path: c.req.path, status: error.status, code: error.code };
    // Client mistakes are expected traffic, not incidents; only server-side failures carry the stack.
    if (error.status >= 500) logger.error('request failed', { ...fields, err: error });
    else logger.debug('request rejected', fields);
    return problemResponse(c, error);
  };
}

/** `app.notFound(notFoundHandler)`. */
export const notFoundHandler: NotFoundHandler = (c) =>
  problemResponse(c, AppError.notFound('ROUTE_NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`));

function titleFor(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

/** 413 becomes PAYLOAD_TOO_LARGE, the status phrase in the style of our reason codes. */
function codeForStatus(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase ? phrase.toUpperCase().replace(/[^A-Z0-9]+/g, '_') : `HTTP_${status}`;
}
