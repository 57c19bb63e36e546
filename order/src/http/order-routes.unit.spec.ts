import { createServiceApp } from '@saga/saga-runtime';
import { silentLogger, untouchableDatabase } from '@saga/saga-runtime/testing';
import { describe, expect, it } from 'vitest';
import { orderRoutes } from './order-routes';

// Every request here is invalid and must be refused before a route touches the database.
function app() {
  const service = createServiceApp({ service: 'order', logger: silentLogger('order'), readiness: [] });
  service.route(
    '/',
    orderRoutes({
      database: untouchableDatabase(),
      outbox: { producer: 'order', validate: () => {}, traceContext: () => ({}) },
      clock: () => new Date('2026-01-02T03:04:05.000Z'),
      newId: () => '00000000-0000-4000-8000-000000000001',
      sagaDeadlineSeconds: 300,
    }),
  );
  return service;
}

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app().request('/orders', { method: 'POST', headers, body });

const valid = { customerId: 'alice', items: [{ sku: 'SKU-COFFEE', quantity: 2 }] };

describe('POST /orders', () => {
  it.each([
    ['a missing customer', { items: valid.items }, 'body.customerId'],
    ['a customer id of 65 characters', { ...valid, customerId: 'x'.repeat(65) }, 'body.customerId'],
    ['no items', { ...valid, items: [] }, 'body.items'],
    [
      '51 items',
      { ...valid, items: Array.from({ length: 51 }, (_, i) => ({ sku: `S${i}`, quantity: 1 })) },
      'body.items',
    ],
    ['quantity 0', { ...valid, items: [{ sku: 'A', quantity: 0 }] }, 'body.items.0.quantity'],
    ['quantity 1001', { ...valid, items: [{ sku: 'A', quantity: 1001 }] }, 'body.items.0.quantity'],
    [
      'a duplicate sku',
      {
        ...valid,
        items: [
          { sku: 'A', quantity: 1 },
          { sku: 'A', quantity: 2 },
        ],
      },
      'body.items',
    ],
    ['an unknown field', { ...valid, discount: 10 }, 'body'],
    ['an unknown item field', { ...valid, items: [{ sku: 'A', quantity: 1, price: 1 }] }, 'body.items.0'],
    ['currency EUR', { ...valid, currency: 'EUR' }, 'body.currency'],
    // Postgres cannot store NUL, and UTF-8 cannot encode a lone surrogate: refused, not a 500.
    ['a customer id with a NUL byte', { ...valid, customerId: 'ali\u0000ce' }, 'body.customerId'],
    [
      'a sku with a lone surrogate',
      { ...valid, items: [{ sku: 'A\ud800', quantity: 1 }] },
      'body.items.0.sku',
    ],
  ])('given %s, then 400 VALIDATION_FAILED naming the field', async (_, body, path) => {
    const res = await post(JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(problem.errors.map((e) => e.path)).toContain(path);
  });

  it('given malformed JSON, then 400 problem+json', async () => {
    const res = await post('{"customerId": ');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('given a non-JSON content type, then a 4xx problem+json', async () => {
    const res = await post('customerId=alice', { 'content-type': 'text/plain' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('GET /orders', () => {
  it('given a malformed order id, then 400', async () => {
    const res = await app().request('/orders/not-a-uuid');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['status=SHIPPED', 'query.status'],
    ['page=2', 'query'],
    ['customerId=ali%00ce', 'query.customerId'],
  ])('given %s, then 400', async (query, path) => {
    const res = await app().request(`/orders?${query}`);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain(path);
  });

  it('given a cursor this service never issued, then 400 CURSOR_INVALID', async () => {
    const res = await app().request('/orders?cursor=bm9wZQ');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'CURSOR_INVALID' });
  });
});

describe('the OpenAPI document', () => {
  it('describes every order route from the same schemas that validate them', async () => {
    const doc = (await (await app().request('/openapi.json')).json()) as {
      paths: object;
      components: { schemas: object };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/orders', '/orders/{orderId}', '/orders/{orderId}/cancel']),
    );
    expect(doc.components.schemas).toHaveProperty('PlaceOrder');
  });

  it('documents 503 wherever the database can be down', async () => {
    const doc = (await (await app().request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: object }>>;
    };
    for (const operations of Object.values(doc.paths))
      for (const { responses } of Object.values(operations)) expect(responses).toHaveProperty('503');
  });
});
