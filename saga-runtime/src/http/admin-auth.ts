import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';

/**
 * Guards admin routes with a shared bearer token. Errors are thrown so that `problemHandler` renders
 * them like any other.
 */
export function requireAdmin(token: string): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (presented === undefined) {
      c.header('WWW-Authenticate', 'Bearer realm="admin"');
      throw AppError.unauthorized('ADMIN_TOKEN_MISSING', 'An admin bearer token is required');
    }
    // Comparing digests keeps the comparison constant-time even when the lengths differ.
    if (!timingSafeEqual(digest(presented), expected)) {
      throw AppError.forbidden('ADMIN_TOKEN_INVALID', 'The admin token is not valid');
    }
    await next();
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
