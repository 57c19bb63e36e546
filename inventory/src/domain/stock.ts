import { AppError } from '@saga/saga-runtime/errors';
import type { OrderItem } from '@saga/schemas';
import type { Product } from './product';

/** Quantity per sku, in order of first appearance; a sku listed twice is wanted once, summed. */
export function wantedQuantities(orderId: string, items: readonly OrderItem[]): Map<string, number> {
  const wanted = new Map<string, number>();
  for (const { sku, quantity } of items) {
    if (!Number.isInteger(quantity) || quantity < 1) {
      throw AppError.poison('ORDER_LINE_INVALID', `order ${orderId} wants ${quantity} of ${sku}`);
    }
    wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);
  }
  if (wanted.size === 0) throw AppError.poison('ORDER_EMPTY', `order ${orderId} has no items`);
  return wanted;
}

/** Applies `move` to the product of each line; the others stay the same objects. */
export function moveStock(
  products: Product[],
  lines: readonly { sku: string; quantity: number }[],
  move: (product: Product, quantity: number) => Product,
): Product[] {
  const quantities = new Map(lines.map((line) => [line.sku, line.quantity]));
  const missing = [...quantities.keys()].filter((sku) => !products.some((p) => p.sku === sku));
  if (missing.length > 0) {
    // Products are never deleted, so the caller did not load what skusToLock asked for.
    throw AppError.poison('PRODUCT_NOT_LOADED', `products not loaded: ${missing.join(', ')}`);
  }
  return products.map((product) => {
    const quantity = quantities.get(product.sku);
    return quantity === undefined ? product : move(product, quantity);
  });
}
