import type { HandlerContext, Tx } from '@saga/saga-runtime';
import type { EventMap } from '@saga/schemas';
import { lockOrOpenAccount, saveAccount } from '../db/accounts';
import {
  findPaymentByOrder,
  insertPayment,
  isOrderCancelled,
  recordCancellation,
  savePayment,
} from '../db/payments';
import { type Decision, decide, openAccount, type PaymentInput, type PaymentState } from '../domain/payment';

export interface PaymentDeps {
  clock(): Date;
  newId(): string;
  /** Balance of an account opened because the saga sees its customer for the first time. */
  openingBalanceCents: number;
}

/**
 * Lock the customer's account → load the order's payment and tombstone → decide → save → publish,
 * all in the caller's transaction. The account lock comes first and is taken by every path, so a
 * charge and a cancellation of the same order never interleave (they name the same customer).
 */
export async function applyToPayment(
  context: Pick<HandlerContext<EventMap>, 'tx' | 'publish'>,
  customerId: string,
  input: PaymentInput,
  deps: PaymentDeps,
): Promise<Decision> {
  const { tx } = context;
  const now = deps.clock();
  const account = await lockOrOpenAccount(tx, openAccount(customerId, deps.openingBalanceCents, now));
  const state: PaymentState = {
    account,
    payment: await findPaymentByOrder(tx, input.orderId),
    cancelled: await isOrderCancelled(tx, input.orderId),
  };
  const decision = decide(state, input, { now, newId: deps.newId });
  await save(tx, input.orderId, state, decision.state, now);
  for (const { topic, event } of decision.events) await context.publish(topic, event);
  return decision;
}

async function save(tx: Tx, orderId: string, before: PaymentState, after: PaymentState, now: Date) {
  if (after.account !== before.account) await saveAccount(tx, after.account);
  if (after.payment && after.payment !== before.payment) {
    await (before.payment ? savePayment(tx, after.payment) : insertPayment(tx, after.payment));
  }
  if (after.cancelled && !before.cancelled) await recordCancellation(tx, orderId, now);
}
