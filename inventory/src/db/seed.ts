import type { Database, ServiceDeps } from '@saga/saga-runtime';
import { countProducts, insertMissingProducts, type ProductDetails } from './products';

/** The demo catalogue; each product shows one outcome of the saga. */
export const catalogueSeed: readonly (ProductDetails & { sku: string })[] = [
  { sku: 'SKU-COFFEE', name: 'Coffee beans 1kg', priceCents: 1250, available: 1000 },
  { sku: 'SKU-MUG', name: 'Enamel mug', priceCents: 800, available: 500 },
  { sku: 'SKU-TEA', name: 'Green tea 100g', priceCents: 650, available: 1000 },
  // Five units only: the sixth one ordered is OUT_OF_STOCK.
  { sku: 'SKU-LIMITED', name: 'Limited edition print', priceCents: 4900, available: 5 },
  // Dearer than payment's default opening balance of 100000 cents: PAYMENT_DECLINED.
  { sku: 'SKU-LAPTOP', name: 'Laptop', priceCents: 150_000, available: 100 },
];

/**
 * Seeds only an empty catalogue, so products an admin changed are never reset. Two instances
 * starting together may both find it empty; the loser's inserts are then no-ops.
 */
export async function seedCatalogue(db: Database, now: Date): Promise<number> {
  if ((await countProducts(db)) > 0) return 0;
  return insertMissingProducts(db, catalogueSeed, now);
}

type SeedDeps = Pick<ServiceDeps<{ SEED_CATALOGUE: boolean }>, 'config' | 'database' | 'logger' | 'clock'>;

/** Seeds before the consumer starts: an order.created already waiting must find the catalogue. */
export async function seedOnStart(deps: SeedDeps): Promise<void> {
  if (!deps.config.SEED_CATALOGUE) return;
  const inserted = await seedCatalogue(deps.database.db, deps.clock());
  if (inserted > 0) deps.logger.info('demo catalogue seeded', { products: inserted });
}
