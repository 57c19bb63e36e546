import { createServiceApp } from '@saga/saga-runtime';
import { silentLogger, untouchableDatabase } from '@saga/saga-runtime/testing';
import { describe, expect, it } from 'vitest';
import { productRoutes } from './product-routes';

// Every request here must be refused before a route touches the database.
function app() {
  const service = createServiceApp({
    service: 'inventory',
    logger: silentLogger('inventory'),
    readiness: [],
  });
  service.route(
    '/',
    productRoutes({
      config: { ADMIN_TOKEN: 's3cret-token' },
      database: untouchableDatabase(),
      clock: () => new Date('2026-01-02T03:04:05.000Z'),
    }),
  );
  return service;
}

const valid = { name: 'Coffee beans 1kg', priceCents: 1250, available: 1000 };

const put = (sku: string, body: unknown, authorization: string | null = 'Bearer s3cret-token') =>
  app().request(`/products/${sku}`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      ...(authorization === null ? {} : { authorization }),
    },
    body: JSON.stringify(body),
  });

describe('PUT /products/{sku}', () => {
  it('given no admin token, then it answers 401 even for an invalid body', async () => {
    const res = await put('SKU-1', { nonsense: true }, null);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'ADMIN_TOKEN_MISSING' });
  });

  it('given a wrong admin token, then it answers 403', async () => {
    const res = await put('SKU-1', valid, 'Bearer not-the-token');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'ADMIN_TOKEN_INVALID' });
  });

  it.each([
    ['a missing name', { priceCents: 1, available: 1 }, 'body.name'],
    ['an empty name', { ...valid, name: '' }, 'body.name'],
    ['a name of 201 characters', { ...valid, name: 'x'.repeat(201) }, 'body.name'],
    ['a negative price', { ...valid, priceCents: -1 }, 'body.priceCents'],
    ['a fractional price', { ...valid, priceCents: 12.5 }, 'body.priceCents'],
    ['a price above 10^9', { ...valid, priceCents: 1_000_000_001 }, 'body.priceCents'],
    ['a negative stock', { ...valid, available: -1 }, 'body.available'],
    ['a stock given as a string', { ...valid, available: '5' }, 'body.available'],
    ['an unknown field', { ...valid, reserved: 3 }, 'body'],
    ['a name with a NUL byte', { ...valid, name: 'Green\u0000tea' }, 'body.name'],
  ])('given %s, then it answers 400 VALIDATION_FAILED', async (_, body, path) => {
    const res = await put('SKU-1', body);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e) => e.path)).toContain(path);
  });

  it.each(['SKU%20ONE', 'SKU%2F1', 'caf%C3%A9', 'x'.repeat(65)])(
    'given the sku %s, then it answers 400',
    async (sku) => {
      const res = await put(sku, valid);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'path.sku' }] });
    },
  );

  it('given a body that is not JSON, then it answers 400', async () => {
    const res = await app().request('/products/SKU-1', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret-token' },
      body: '{"name":',
    });
    expect(res.status).toBe(400);
  });
});

describe('GET /products/{sku}', () => {
  it('given an invalid sku, then it answers 400 without a token', async () => {
    const res = await app().request('/products/SKU!');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('the OpenAPI document', () => {
  it('describes the catalogue routes, with PUT behind the admin token', async () => {
    const doc = (await (await app().request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/products', '/products/{sku}']));
    expect(doc.paths['/products/{sku}']?.put?.security).toEqual([{ adminToken: [] }]);
    expect(doc.paths['/products/{sku}']?.get?.security).toBeUndefined();
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
