import {
  AppError,
  annotateActiveSpan,
  type HandlerContext,
  type Metrics,
  sagaAttributes,
} from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { lockOrder, saveOrder } from '../db/orders';
import { type Decision, decide, type OrderInput } from '../domain/order';

export interface Clock {
  clock(): Date;
  newId(): string;
  metrics?: Pick<Metrics, 'orders'>;
}

/**
 * Load (locked) → decide → save → publish, all inside the caller's transaction. Every consumer
 * of the order service and the cancel/deadline paths go through here.
 */
export async function applyToOrder(
  context: Pick<HandlerContext<EventMap>, 'tx' | 'publish'>,
  orderId: string,
  input: OrderInput,
  { clock, newId, metrics }: Clock,
): Promise<Decision> {
  const state = await lockOrder(context.tx, orderId);
  if (!state && input.type !== 'PlaceOrder') {
    throw AppError.notFound('ORDER_NOT_FOUND', `order ${orderId} does not exist`);
  }
  const decision = decide(state, input, { now: clock(), newId });
  if (decision.state !== state) await saveOrder(context.tx, decision.state);
  if (decision.state.status !== state?.status) {
    metrics?.orders.inc({
      event: decision.state.status === 'PENDING' ? 'created' : decision.state.status.toLowerCase(),
      reason: decision.state.cancellationReason ?? '',
    });
    annotateActiveSpan({
      [sagaAttributes.orderId]: orderId,
      [sagaAttributes.customerId]: decision.state.customerId,
      [sagaAttributes.outcome]: decision.state.status,
      ...(decision.state.cancellationReason
        ? { [sagaAttributes.reason]: decision.state.cancellationReason }
        : {}),
    });
  }
  for (const { topic, event } of decision.events) await context.publish(topic, event);
  return decision;
}
