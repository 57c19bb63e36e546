import type { Executor, Tx } from '@saga/saga-runtime';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Order, OrderStatus } from '../domain/order';
import { orders } from './schema';

type Row = typeof orders.$inferSelect;

// How an order was asked for stays with its row: the rules never look at it.
const toOrder = ({ idempotencyKey: _key, requestHash: _hash, traceContext: _trace, ...order }: Row): Order =>
  order;

export async function findOrder(db: Executor, orderId: string): Promise<Order | null> {
  const [row] = await db.select().from(orders).where(eq(orders.orderId, orderId));
  return row ? toOrder(row) : null;
}

/** Row-locks the order for the rest of the transaction, so its events are decided one at a time. */
export async function lockOrder(tx: Tx, orderId: string): Promise<Order | null> {
  const [row] = await tx.select().from(orders).where(eq(orders.orderId, orderId)).for('update');
  return row ? toOrder(row) : null;
}

export interface Placement {
  idempotencyKey: string | null;
  requestHash: string;
  traceContext?: Record<string, string>;
}

/** Inserts a new order; returns false when its idempotency key is already taken. */
export async function insertOrder(tx: Tx, order: Order, placement: Placement): Promise<boolean> {
  const inserted = await tx
    .insert(orders)
    .values({ ...order, ...placement })
    .onConflictDoNothing({ target: orders.idempotencyKey })
    .returning({ orderId: orders.orderId });
  return inserted.length > 0;
}

export async function findByIdempotencyKey(
  db: Executor,
  key: string,
): Promise<{ order: Order; requestHash: string | null } | null> {
  const [row] = await db.select().from(orders).where(eq(orders.idempotencyKey, key));
  return row ? { order: toOrder(row), requestHash: row.requestHash } : null;
}

export async function saveOrder(tx: Tx, order: Order): Promise<void> {
  await tx
    .update(orders)
    .set({
      status: order.status,
      totalCents: order.totalCents,
      cancellationReason: order.cancellationReason,
      updatedAt: order.updatedAt,
      settledAt: order.settledAt,
    })
    .where(eq(orders.orderId, order.orderId));
}

export interface OrderQuery {
  customerId?: string;
  status?: OrderStatus;
  limit: number;
  /** The last order of the previous page: pages run newest first, by (createdAt, orderId). */
  after?: { createdAt: Date; orderId: string };
}

export async function listOrders(db: Executor, query: OrderQuery): Promise<Order[]> {
  const filters: (SQL | undefined)[] = [
    query.customerId === undefined ? undefined : eq(orders.customerId, query.customerId),
    query.status === undefined ? undefined : eq(orders.status, query.status),
    query.after === undefined
      ? undefined
      : or(
          lt(orders.createdAt, query.after.createdAt),
          and(eq(orders.createdAt, query.after.createdAt), lt(orders.orderId, query.after.orderId)),
        ),
  ];
  const rows = await db
    .select()
    .from(orders)
    .where(and(...filters))
    .orderBy(desc(orders.createdAt), desc(orders.orderId))
    .limit(query.limit);
  return rows.map(toOrder);
}

/**
 * Candidates for a timeout (PENDING, deadline passed), oldest first, with the trace each belongs
 * to; whether one is still overdue once locked is for the order's rules to say.
 */
export async function overdueOrders(
  db: Executor,
  now: Date,
  limit: number,
): Promise<{ orderId: string; traceContext: Record<string, string> | null }[]> {
  return db
    .select({ orderId: orders.orderId, traceContext: orders.traceContext })
    .from(orders)
    .where(and(eq(orders.status, 'PENDING'), lt(orders.deadlineAt, now)))
    .orderBy(orders.deadlineAt)
    .limit(limit);
}
