import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createServiceApp } from '@saga/saga-runtime';
import { silentLogger, throwawayDatabase } from '@saga/saga-runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { products } from '../db/schema';
import { productRoutes } from './product-routes';

const throwaway = throwawayDatabase('inventory', fileURLToPath(new URL('../db/migrations', import.meta.url)));
const { database } = throwaway;
const app = createServiceApp({ service: 'inventory', logger: silentLogger('inventory'), readiness: [] });
app.route('/', productRoutes({ config: { ADMIN_TOKEN: 'it-token' }, database, clock: () => new Date() }));

const first = 'IT-A';
const second = 'IT-b';
const skus = [second, first];

const put = (sku: string, body: unknown) =>
  app.request(`/products/${sku}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: 'Bearer it-token' },
    body: JSON.stringify(body),
  });

beforeAll(() => throwaway.setup());
afterAll(() => throwaway.close());

describe('product routes against a migrated database', () => {
  it('creates a product with 201, then restocks it with 200 keeping what is reserved', async () => {
    const createdRes = await put(first, { name: 'Print', priceCents: 4900, available: 5 });
    expect(createdRes.status).toBe(201);
    expect(createdRes.headers.get('location')).toBe(`/products/${first}`);
    expect(await createdRes.json()).toEqual({
      sku: first,
      name: 'Print',
      priceCents: 4900,
      currency: 'USD',
      available: 5,
      reserved: 0,
    });

    await database.db.update(products).set({ reserved: 2 }).where(eq(products.sku, first));
    const updated = await put(first, { name: 'Signed print', priceCents: 5900, available: 10 });
    expect(updated.status).toBe(200);
    const expected = {
      sku: first,
      name: 'Signed print',
      priceCents: 5900,
      currency: 'USD',
      available: 10,
      reserved: 2,
    };
    expect(await updated.json()).toEqual(expected);

    const got = await app.request(`/products/${first}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(expected);
  });

  it('lists every product, sorted by sku', async () => {
    expect((await put(second, { name: 'Mug', priceCents: 800, available: 1 })).status).toBe(201);
    // The throwaway catalogue holds only these; one put last but sorting first tells sorted from inserted.
    expect((await put('IT-0', { name: 'Tea', priceCents: 650, available: 1 })).status).toBe(201);
    const res = await app.request('/products');
    expect(res.status).toBe(200);
    const { products: list } = (await res.json()) as { products: { sku: string }[] };
    const listed = list.map((p) => p.sku);
    expect(listed).toEqual([...listed].sort());
    expect(listed.filter((sku) => skus.includes(sku))).toEqual([first, second]);
  });

  it('answers 404 PRODUCT_NOT_FOUND for an unknown sku', async () => {
    const res = await app.request(`/products/IT-missing-${randomUUID()}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });
});
