import { createHash } from 'node:crypto';
import {
  AppError,
  annotateActiveSpan,
  handleWithDecider,
  inOwnTransaction,
  type Logger,
  type OwnTransactionDeps,
  sagaAttributes,
} from '@saga/saga-runtime';
import type { EventMap, OrderItem, ProducedBy } from '@saga/schemas';
import { IdempotencyKeyTaken, newOrder } from '../db/order-store';
import { findByIdempotencyKey } from '../db/orders';
import { type Order, orderDecider } from '../domain/order';
import type { OrderDeps } from './order-decisions';
import { countOrder } from './order-metrics';

export interface PlaceOrderDeps extends OrderDeps, OwnTransactionDeps {
  sagaDeadlineSeconds: number;
  logger?: Logger;
}

export interface OrderRequest {
  customerId: string;
  items: OrderItem[];
  currency: string;
}

type Placed = NonNullable<Awaited<ReturnType<typeof findByIdempotencyKey>>>;

/**
 * Places an order and starts its saga, or answers a retry with the order the first request
 * placed: same Idempotency-Key and same request, the same order and no second saga.
 */
export async function placeOrder(
  deps: PlaceOrderDeps,
  request: OrderRequest,
  idempotencyKey: string | null,
): Promise<Order> {
  const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  // A key seen before is a retry: one read answers it, instead of a transaction whose insert
  // conflicts and a read after it. Under a burst of retries that is what keeps the service up to speed.
  const earlier = await placedWith(deps, idempotencyKey);
  const accepted = earlier ? null : await place(deps, request, idempotencyKey, requestHash);
  const order = accepted ?? replayed(earlier ?? (await placedWith(deps, idempotencyKey)), requestHash);
  annotateActiveSpan({
    [sagaAttributes.orderId]: order.orderId,
    [sagaAttributes.customerId]: order.customerId,
  });
  if (accepted) {
    countOrder(deps, null, accepted);
    deps.logger?.info('saga step', {
      order_id: order.orderId,
      event_type: 'order.created',
      customer_id: order.customerId,
    });
  }
  return order;
}

async function placedWith(deps: PlaceOrderDeps, key: string | null): Promise<Placed | null> {
  return key === null ? null : findByIdempotencyKey(deps.database.db, key);
}

/** Stores a new order and its order.created event; null when a concurrent request took the key first. */
async function place(
  deps: PlaceOrderDeps,
  request: OrderRequest,
  idempotencyKey: string | null,
  requestHash: string,
): Promise<Order | null> {
  try {
    const { state } = await inOwnTransaction<EventMap, { state: Order }, ProducedBy<'order'>>(
      deps,
      (unit) => {
        const traceContext = deps.outbox.traceContext(null);
        return handleWithDecider(
          unit,
          orderDecider,
          newOrder({ idempotencyKey, requestHash, traceContext }),
          {
            type: 'PlaceOrder',
            orderId: deps.newId(),
            ...request,
            deadlineSeconds: deps.sagaDeadlineSeconds,
          },
          { now: deps.clock(), newId: deps.newId },
        );
      },
    );
    return state;
  } catch (error) {
    if (error instanceof IdempotencyKeyTaken) return null;
    throw error;
  }
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
