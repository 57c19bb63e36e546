import { fileURLToPath } from 'node:url';
import { throwawayDatabase } from '@saga/saga-runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProduct, insertMissingProducts, putProduct } from './products';
import { catalogueSeed, seedCatalogue } from './seed';

const throwaway = throwawayDatabase('inventory', fileURLToPath(new URL('./migrations', import.meta.url)));
const { database } = throwaway;
const now = new Date();
// The real catalogue: the database is this file's own, so its skus collide with nothing.
const list = catalogueSeed;
const skus = list.map((p) => p.sku);

beforeAll(() => throwaway.setup());
afterAll(() => throwaway.close());

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
