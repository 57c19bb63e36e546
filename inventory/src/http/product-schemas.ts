import { z } from '@hono/zod-openapi';
import { PlainText } from '@saga/saga-runtime';

const units = z.number().int().min(0).max(1_000_000_000);

export const SkuParam = z.object({
  sku: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'sku must be 1 to 64 of A-Z a-z 0-9 . _ -' })
    .openapi({ param: { name: 'sku', in: 'path' }, example: 'SKU-COFFEE' }),
});

export const PutProductBody = z
  .object({
    name: PlainText(1, 200).openapi({ example: 'Coffee beans 1kg' }),
    priceCents: units.openapi({ description: 'Price of one unit in US cents', example: 1250 }),
    available: units.openapi({
      description: 'Units new orders can reserve from now on; units already reserved are not included',
      example: 1000,
    }),
  })
  .strict()
  .openapi('PutProduct');

export const ProductSchema = z
  .object({
    sku: z.string(),
    name: z.string(),
    priceCents: z.number().int(),
    currency: z.literal('USD'),
    available: z.number().int().openapi({ description: 'Units new orders can reserve' }),
    reserved: z.number().int().openapi({ description: 'Units set aside for orders in progress' }),
  })
  .openapi('Product');

export const ProductList = z.object({ products: z.array(ProductSchema) }).openapi('ProductList');
