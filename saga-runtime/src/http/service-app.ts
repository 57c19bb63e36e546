import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { Metrics } from '../telemetry/metrics';
import { docsRoutes } from './docs';
import { notFoundHandler, problemHandler } from './problem';
import { discardUnreadBody } from './unread-body';
import { validationHook } from './validation';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}

export interface ServiceAppOptions {
  service: string;
  version?: string;
  logger: Logger;
  readiness: ReadinessCheck[];
  metrics?: Metrics;
  /** Requests larger than this are refused with 413 before anything is parsed. */
  maxBodyBytes?: number;
}

export type ServiceApp = OpenAPIHono;

/** A new OpenAPIHono whose validation failures become problem+json 400s; routes modules build on it. */
export function createRouter(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}

/**
 * What every service serves besides its own routes: liveness, readiness, the OpenAPI document
 * (generated from the same zod schemas that validate requests) and its docs page.
 */
export function createServiceApp(options: ServiceAppOptions): OpenAPIHono {
  const app = createRouter();
  const maxSize = options.maxBodyBytes ?? 1024 * 1024;
  // First, so that it runs after everything else, a refusal included.
  app.use('*', discardUnreadBody);
  app.use(
    '*',
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError({
          code: 'PAYLOAD_TOO_LARGE',
          status: 413,
          detail: `Request body exceeds ${maxSize} bytes`,
        });
      },
    }),
  );
  app.use('*', rejectInvalidUtf8);
  const { metrics } = options;
  if (metrics) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      // The route pattern, not the path: one series per route, whatever the ids in it.
      const route = c.req.routePath === '/*' ? 'unmatched' : c.req.routePath;
      metrics.httpDuration.observe(
        { method: c.req.method, route, status: String(c.res.status) },
        (performance.now() - started) / 1000,
      );
    });
    app.get('/metrics', async (c) =>
      c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }),
    );
  }
  app.onError(problemHandler(options.logger));
  app.notFound(notFoundHandler);

  app.get('/health', (c) => c.json({ status: 'ok', service: options.service }));
  app.get('/ready', async (c) => {
    const results = await Promise.all(
      options.readiness.map(async ({ name, check }) => [name, await check().catch(() => false)] as const),
    );
    const checks = Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'up' : 'down']));
    const ready = results.every(([, ok]) => ok);
    return c.json(
      { status: ready ? 'ready' : 'not ready', service: options.service, checks },
      ready ? 200 : 503,
    );
  });
  app.route(
    '/',
    docsRoutes(app, { title: `${options.service} service`, version: options.version ?? '1.0.0' }),
  );
  return app;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// JSON must be UTF-8 (RFC 8259); a lenient decoder would quietly store U+FFFD in place of the bad bytes.
const rejectInvalidUtf8: MiddlewareHandler = async (c, next) => {
  if (c.req.header('content-type')?.includes('json')) {
    try {
      utf8.decode(await c.req.arrayBuffer());
    } catch {
      throw AppError.badRequest('BODY_NOT_UTF8', 'The request body is not valid UTF-8');
    }
  }
  await next();
};
