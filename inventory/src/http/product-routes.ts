import { createRoute, type z } from '@hono/zod-openapi';
import { AppError, createRouter, problemResponses, requireAdmin, type ServiceDeps } from '@saga/saga-runtime';
import { findProduct, listProducts, putProduct } from '../db/products';
import { CURRENCY, type Product } from '../domain/product';
import { ProductList, ProductSchema, PutProductBody, SkuParam } from './product-schemas';

export type ProductRouteDeps = Pick<ServiceDeps<{ ADMIN_TOKEN: string }>, 'config' | 'database' | 'clock'>;

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const listRoute = createRoute({
  method: 'get',
  path: '/products',
  responses: { 200: json(ProductList, 'The whole catalogue, by sku'), ...problemResponses() },
});

const getRoute = createRoute({
  method: 'get',
  path: '/products/{sku}',
  request: { params: SkuParam },
  responses: { 200: json(ProductSchema, 'The product'), ...problemResponses(400, 404) },
});

const putRoute = (adminToken: string) =>
  createRoute({
    method: 'put',
    path: '/products/{sku}',
    description: 'Creates the product, or sets its name, price and available units (a restock).',
    // Before validation: without the token, a request learns nothing, not even that its body is wrong.
    middleware: [requireAdmin(adminToken)] as const,
    security: [{ adminToken: [] }],
    request: {
      params: SkuParam,
      body: { content: { 'application/json': { schema: PutProductBody } }, required: true },
    },
    responses: {
      200: json(ProductSchema, 'Updated'),
      201: json(ProductSchema, 'Created'),
      ...problemResponses(400, 401, 403, 413, 415),
    },
  });

export function productRoutes(deps: ProductRouteDeps) {
  const router = createRouter();
  const { db } = deps.database;
  router.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'ADMIN_TOKEN of the service',
  });

  router.openapi(listRoute, async (c) => c.json({ products: (await listProducts(db)).map(toJson) }, 200));

  router.openapi(getRoute, async (c) => {
    const { sku } = c.req.valid('param');
    const product = await findProduct(db, sku);
    if (!product) throw AppError.notFound('PRODUCT_NOT_FOUND', `product ${sku} does not exist`);
    return c.json(toJson(product), 200);
  });

  router.openapi(putRoute(deps.config.ADMIN_TOKEN), async (c) => {
    const { sku } = c.req.valid('param');
    const { product, created } = await putProduct(db, sku, c.req.valid('json'), deps.clock());
    if (created) {
      c.header('Location', `/products/${sku}`);
      return c.json(toJson(product), 201);
    }
    return c.json(toJson(product), 200);
  });

  return router;
}

function toJson({ sku, name, priceCents, available, reserved }: Product) {
  return { sku, name, priceCents, currency: CURRENCY, available, reserved };
}
