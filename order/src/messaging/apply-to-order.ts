import { AppError, type HandlerContext } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { lockOrder, saveOrder } from '../db/orders';
import { type Decision, decide, type OrderInput } from '../domain/order';

export interface Clock {
  clock(): Date;
  newId(): string;
}

/**
 * Load (locked) → decide → save → publish, all inside the caller's transaction. Every consumer
 * of the order service and the cancel/deadline paths go through here.
 */
export async function applyToOrder(
  context: Pick<HandlerContext<EventMap>, 'tx' | 'publish'>,
  orderId: string,
  input: OrderInput,
  { clock, newId }: Clock,
): Promise<Decision> {
  const state = await lockOrder(context.tx, orderId);
  if (!state && input.type !== 'PlaceOrder') {
    throw AppError.notFound('ORDER_NOT_FOUND', `order ${orderId} does not exist`);
  }
  const decision = decide(state, input, { now: clock(), newId });
  if (decision.state !== state) await saveOrder(context.tx, decision.state);
  for (const { topic, event } of decision.events) await context.publish(topic, event);
  return decision;
}
