import { urls } from '@saga/infra/settings';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { story } from './support/shop';

const { shop } = story();

describe('A flash sale', () => {
  it('sells exactly the 10 items in stock to 50 simultaneous buyers, never going negative', async () => {
    const sneaker = await shop.stockProduct({ available: 10, priceCents: 100 });
    const buyers = await shop.openAccounts(50, 10_000);

    // Sample the stock row while the sale runs: it must never dip below zero.
    const inventoryDb = postgres(`${urls.postgres}/inventory`, { max: 1 });
    let lowest = Number.POSITIVE_INFINITY;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [row] = await inventoryDb<
          { available: number }[]
        >`select available from products where sku = ${sneaker.sku}`;
        lowest = Math.min(lowest, row?.available ?? lowest);
      }
    })();

    const orderIds = await Promise.all(
      buyers.map((buyer) => shop.placeOrder(buyer, [{ sku: sneaker.sku, quantity: 1 }])),
    );
    const orders = await shop.allSettled(orderIds, 60_000);
    sampling = false;
    await sampler;
    await inventoryDb.end();

    const confirmed = orders.filter((order) => order.status === 'CONFIRMED');
    const outOfStock = orders.filter((order) => order.cancellationReason === 'OUT_OF_STOCK');
    expect(confirmed).toHaveLength(10);
    expect(outOfStock).toHaveLength(40);
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(await shop.product(sneaker.sku)).toMatchObject({ available: 0, reserved: 0 });
  });
});
