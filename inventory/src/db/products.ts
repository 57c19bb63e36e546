import type { Executor, Tx } from '@saga/saga-runtime';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Product } from '../domain/product';
import { products } from './schema';

type Row = typeof products.$inferSelect;

// When a product was created or restocked is the catalogue's bookkeeping; the rules never need it.
const toProduct = ({ createdAt: _createdAt, updatedAt: _updatedAt, ...product }: Row): Product => product;

/** By sku in code point order, whatever the database's collation (the docker image's is en_US). */
export async function listProducts(db: Executor): Promise<Product[]> {
  const rows = await db.select().from(products).orderBy(sql`${products.sku} collate "C"`);
  return rows.map(toProduct);
}

export async function findProduct(db: Executor, sku: string): Promise<Product | null> {
  const [row] = await db.select().from(products).where(eq(products.sku, sku));
  return row ? toProduct(row) : null;
}

/**
 * Row-locks the products that exist among `skus` until the transaction ends. Rows are locked in
 * sku order (ORDER BY is applied before FOR UPDATE), so two orders sharing skus cannot deadlock.
 */
export async function lockProducts(tx: Tx, skus: readonly string[]): Promise<Product[]> {
  if (skus.length === 0) return [];
  const rows = await tx
    .select()
    .from(products)
    .where(inArray(products.sku, [...skus]))
    .orderBy(products.sku)
    .for('update');
  return rows.map(toProduct);
}

/** Writes the stock levels of products locked by `lockProducts` in this transaction. */
export async function saveStock(tx: Tx, changed: readonly Product[], now: Date): Promise<void> {
  await Promise.all(
    changed.map((product) =>
      tx
        .update(products)
        .set({ available: product.available, reserved: product.reserved, updatedAt: now })
        .where(eq(products.sku, product.sku)),
    ),
  );
}

export interface ProductDetails {
  name: string;
  priceCents: number;
  available: number;
}

/**
 * Creates the product, or sets its name, price and available units; what is reserved stays.
 * Products are never deleted, so when the insert finds the sku taken the update finds the row.
 */
export async function putProduct(
  db: Executor,
  sku: string,
  details: ProductDetails,
  now: Date,
): Promise<{ product: Product; created: boolean }> {
  const [inserted] = await db
    .insert(products)
    .values({ sku, ...details, reserved: 0, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: products.sku })
    .returning();
  if (inserted) return { product: toProduct(inserted), created: true };
  const [updated] = await db
    .update(products)
    .set({ ...details, updatedAt: now })
    .where(eq(products.sku, sku))
    .returning();
  return { product: toProduct(updated!), created: false };
}

/** Inserts the products whose skus are free; returns how many it inserted. */
export async function insertMissingProducts(
  db: Executor,
  list: readonly (ProductDetails & { sku: string })[],
  now: Date,
): Promise<number> {
  if (list.length === 0) return 0;
  const inserted = await db
    .insert(products)
    .values(list.map((p) => ({ ...p, reserved: 0, createdAt: now, updatedAt: now })))
    .onConflictDoNothing({ target: products.sku })
    .returning({ sku: products.sku });
  return inserted.length;
}

export async function countProducts(db: Executor): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(products);
  return row?.count ?? 0;
}
