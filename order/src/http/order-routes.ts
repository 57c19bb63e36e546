import { createRoute, z } from '@hono/zod-openapi';
import { AppError, createRouter, problemResponses, UuidParam } from '@saga/saga-runtime';
import { type CancelOrderDeps, cancelOrder } from '../application/cancel-order';
import { type PlaceOrderDeps, placeOrder } from '../application/place-order';
import { findOrder, listOrders } from '../db/orders';
import type { Order } from '../domain/order';
import { decodeCursor, encodeCursor } from './cursor';
import { AcceptedSchema, ListQuery, OrderPage, OrderSchema, PlaceOrderBody } from './order-schemas';

export type OrderRouteDeps = PlaceOrderDeps & CancelOrderDeps;

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const placeRoute = createRoute({
  method: 'post',
  path: '/orders',
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
    body: { content: { 'application/json': { schema: PlaceOrderBody } }, required: true },
  },
  responses: {
    202: json(AcceptedSchema, 'Accepted; the saga runs asynchronously'),
    ...problemResponses(400, 413, 415, 422),
  },
});

const getOrder = createRoute({
  method: 'get',
  path: '/orders/{orderId}',
  request: { params: UuidParam('orderId') },
  responses: { 200: json(OrderSchema, 'The order'), ...problemResponses(400, 404) },
});

const listRoute = createRoute({
  method: 'get',
  path: '/orders',
  request: { query: ListQuery },
  responses: { 200: json(OrderPage, 'A page of orders, newest first'), ...problemResponses(400) },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/orders/{orderId}/cancel',
  request: { params: UuidParam('orderId') },
  responses: {
    200: json(OrderSchema, 'Cancelled; compensations follow'),
    ...problemResponses(400, 404, 409),
  },
});

export function orderRoutes(deps: OrderRouteDeps) {
  const router = createRouter();
  const { db } = deps.database;

  router.openapi(placeRoute, async (c) => {
    const idempotencyKey = c.req.valid('header')['idempotency-key'] ?? null;
    const order = await placeOrder(deps, c.req.valid('json'), idempotencyKey);
    c.header('Location', `/orders/${order.orderId}`);
    return c.json({ orderId: order.orderId, status: 'PENDING' as const }, 202);
  });

  router.openapi(getOrder, async (c) => {
    const { orderId } = c.req.valid('param');
    const order = await findOrder(db, orderId);
    if (!order) throw AppError.notFound('ORDER_NOT_FOUND', `order ${orderId} does not exist`);
    return c.json(toJson(order), 200);
  });

  router.openapi(listRoute, async (c) => {
    const { cursor, ...query } = c.req.valid('query');
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const page = await listOrders(db, { ...query, after, limit: query.limit + 1 });
    const more = page.length > query.limit;
    const orders = page.slice(0, query.limit);
    const last = orders.at(-1);
    return c.json({ orders: orders.map(toJson), nextCursor: more && last ? encodeCursor(last) : null }, 200);
  });

  router.openapi(cancelRoute, async (c) => {
    const order = await cancelOrder(deps, c.req.valid('param').orderId);
    return c.json(toJson(order), 200);
  });

  return router;
}

// The deadline and the settling time feed the service's own timer and analytics, not the order's contract.
function toJson({ deadlineAt: _deadlineAt, settledAt: _settledAt, ...order }: Order) {
  return { ...order, createdAt: order.createdAt.toISOString(), updatedAt: order.updatedAt.toISOString() };
}
