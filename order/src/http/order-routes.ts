import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import {
  AppError,
  annotateActiveSpan,
  createRouter,
  type Logger,
  type Metrics,
  outboxPublisher,
  problemResponses,
  type ServiceDeps,
  sagaAttributes,
  UuidParam,
} from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { findByIdempotencyKey, findOrder, insertOrder, listOrders } from '../db/orders';
import { decide, type Order } from '../domain/order';
import { applyToOrder } from '../messaging/apply-to-order';
import { decodeCursor, encodeCursor } from './cursor';
import { AcceptedSchema, ListQuery, OrderPage, OrderSchema, PlaceOrderBody } from './order-schemas';

export interface OrderRouteDeps
  extends Pick<ServiceDeps<unknown>, 'database' | 'outbox' | 'clock' | 'newId'> {
  sagaDeadlineSeconds: number;
  metrics?: Pick<Metrics, 'orders'>;
  logger?: Logger;
}

type Placed = NonNullable<Awaited<ReturnType<typeof findByIdempotencyKey>>>;

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const placeOrder = createRoute({
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

  router.openapi(placeOrder, async (c) => {
    const body = c.req.valid('json');
    const idempotencyKey = c.req.valid('header')['idempotency-key'] ?? null;
    const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    // A key seen before is a retry: one read answers it, instead of a transaction whose insert
    // conflicts and a read after it. Under a burst of retries that is what keeps the service up to speed.
    const earlier = await placedWith(idempotencyKey);
    const accepted = earlier ? null : await place(body, idempotencyKey, requestHash);
    const order = accepted ?? replayed(earlier ?? (await placedWith(idempotencyKey)), requestHash);
    annotateActiveSpan({
      [sagaAttributes.orderId]: order.orderId,
      [sagaAttributes.customerId]: order.customerId,
    });
    if (accepted) {
      deps.metrics?.orders.inc({ event: 'created', reason: '' });
      deps.logger?.info('saga step', {
        order_id: order.orderId,
        event_type: 'order.created',
        customer_id: order.customerId,
      });
    }
    c.header('Location', `/orders/${order.orderId}`);
    return c.json({ orderId: order.orderId, status: 'PENDING' as const }, 202);
  });

  async function placedWith(key: string | null): Promise<Placed | null> {
    return key === null ? null : findByIdempotencyKey(db, key);
  }

  /** Stores a new order and its order.created event; null when a concurrent request took the key first. */
  async function place(
    body: z.infer<typeof PlaceOrderBody>,
    idempotencyKey: string | null,
    requestHash: string,
  ): Promise<Order | null> {
    const now = deps.clock();
    const { state, events } = decide(
      null,
      { type: 'PlaceOrder', orderId: deps.newId(), ...body },
      { now, newId: deps.newId },
    );
    const deadlineAt = new Date(now.getTime() + deps.sagaDeadlineSeconds * 1000);
    return db.transaction(async (tx) => {
      const traceContext = deps.outbox.traceContext(null);
      if (!(await insertOrder(tx, state, { idempotencyKey, requestHash, deadlineAt, traceContext })))
        return null;
      const publisher = outboxPublisher<EventMap>(tx, { ...deps.outbox, causation: null });
      for (const { topic, event } of events) await publisher.publish(topic, event);
      return state;
    });
  }

  // Same key, same body: the order the first request created, and no second saga.
  function replayed(existing: Placed | null, requestHash: string): Order {
    if (!existing) throw AppError.transient('ORDER_RACE', 'The order could not be stored; retry the request');
    if (existing.requestHash !== requestHash) {
      throw AppError.unprocessable(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with a different request body',
      );
    }
    return existing.order;
  }

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
    const { orderId } = c.req.valid('param');
    const { state } = await db.transaction(async (tx) => {
      const publisher = outboxPublisher<EventMap>(tx, { ...deps.outbox, causation: null });
      return applyToOrder({ tx, publish: publisher.publish }, orderId, { type: 'CancelByCustomer' }, deps);
    });
    return c.json(toJson(state), 200);
  });

  return router;
}

function toJson(order: Order) {
  return { ...order, createdAt: order.createdAt.toISOString(), updatedAt: order.updatedAt.toISOString() };
}
