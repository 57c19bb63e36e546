import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { connectDatabase } from '@saga/saga-runtime';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProduct, insertMissingProducts, putProduct } from './products';
import { products } from './schema';
import { catalogueSeed, seedCatalogue } from './seed';

const databaseUrl =
  process.env.INVENTORY_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/inventory';
const database = connectDatabase(databaseUrl, { applicationName: 'inventory-int-test' });
const now = new Date();
const suffix = randomUUID().slice(0, 8);
const list = catalogueSeed.map((p) => ({ ...p, sku: `IT-${suffix}-${p.sku}` }));
const skus = list.map((p) => p.sku);

beforeAll(async () => {
  await database.migrate(fileURLToPath(new URL('./migrations', import.meta.url)));
});

afterAll(async () => {
  await database.db.delete(products).where(inArray(products.sku, skus));
  await database.close();
});

describe('seeding the catalogue', () => {
  it('leaves a catalogue that has products alone', async () => {
    await putProduct(database.db, skus[0]!, { name: 'admin made', priceCents: 1, available: 1 }, now);
    expect(await seedCatalogue(database.db, now)).toBe(0);
  });

  it('inserts each product once when two instances seed at the same time, changing none', async () => {
    const inserted = await Promise.all([
      insertMissingProducts(database.db, list, now),
      insertMissingProducts(database.db, list, now),
    ]);
    // The first sku was taken by the previous test and keeps what the admin set.
    expect(inserted[0] + inserted[1]).toBe(list.length - 1);
    expect(await findProduct(database.db, skus[0]!)).toMatchObject({ name: 'admin made', priceCents: 1 });
    expect(await findProduct(database.db, skus[4]!)).toMatchObject({ priceCents: 150_000, available: 100 });
  });
});
