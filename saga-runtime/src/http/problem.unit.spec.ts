import { OpenAPIHono, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createLogger } from '../logger';
import { notFoundHandler, PROBLEM_CONTENT_TYPE, problemHandler } from './problem';
import { validationHook } from './validation';

function setup() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'test',
    level: 'debug',
    stream: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  const app = new Hono();
  app.onError(problemHandler(logger));
  app.notFound(notFoundHandler);
  return { app, lines };
}

describe('problemHandler', () => {
  it('renders an AppError as problem+json without logging it as an error', async () => {
    const { app, lines } = setup();
    app.get('/orders/:id', (c) => {
      throw AppError.notFound('ORDER_NOT_FOUND', `Order ${c.req.param('id')} does not exist`);
    });
    const res = await app.request('/orders/o-1');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Order o-1 does not exist',
      code: 'ORDER_NOT_FOUND',
      instance: '/orders/o-1',
    });
    expect(lines.map((l) => l.level)).toEqual(['debug']);
  });

  it('includes field errors', async () => {
    const { app } = setup();
    app.post('/orders', () => {
      throw AppError.badRequest('VALIDATION_FAILED', 'Invalid body', [
        { path: 'body.items', message: 'required' },
      ]);
    });
    const body = await (await app.request('/orders', { method: 'POST' })).json();
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ path: 'body.items' }] });
  });

  it('hides unexpected errors from the client and logs them with their stack', async () => {
    const { app, lines } = setup();
    app.get('/boom', () => {
      throw new Error('secret internals at db.ts:12');
    });
    const res = await app.request('/boom');
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(text).not.toContain('secret internals');
    expect(text).not.toContain('.ts');
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL', title: 'Internal Server Error' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      method: 'GET',
      path: '/boom',
      status: 500,
      err: {
        code: 'INTERNAL',
        cause: { message: 'secret internals at db.ts:12', stack: expect.any(String) },
      },
    });
  });

  it('renders transient failures as 503', async () => {
    const { app } = setup();
    app.get('/db', () => {
      throw Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });
    });
    const res = await app.request('/db');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', title: 'Service Unavailable' });
  });

  it("maps Hono's HTTPExceptions", async () => {
    const { app } = setup();
    app.get('/teapot', () => {
      throw new HTTPException(413, { message: 'Body too large' });
    });
    const big = await app.request('/teapot');
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', detail: 'Body too large' });
  });

  it('answers unknown routes with ROUTE_NOT_FOUND', async () => {
    const { app } = setup();
    const res = await app.request('/nope', { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', detail: 'No route for DELETE /nope' });
  });
});

describe('validationHook', () => {
  it('turns schema failures into VALIDATION_FAILED problems listing each field', async () => {
    const app = new OpenAPIHono({ defaultHook: validationHook });
    app.onError(problemHandler(createLogger({ service: 'test', stream: { write: () => true } })));
    const body = z.object({
      customerId: z.string(),
      items: z.array(z.object({ quantity: z.number().min(1) })),
    });
    app.openapi(
      {
        method: 'post',
        path: '/orders',
        request: { body: { content: { 'application/json': { schema: body } } } },
        responses: { 201: { description: 'created' } },
      },
      (c) => c.body(null, 201),
    );
    const res = await app.request('/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ quantity: 0 }] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'Invalid request body' });
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['body.customerId', 'body.items.0.quantity']);

    const malformed = await app.request('/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"customerId":',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      code: 'BAD_REQUEST',
      detail: 'Malformed JSON in request body',
    });
  });
});
