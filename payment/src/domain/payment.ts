import type { DecideContext, Decider, Decision, Published } from '@saga/saga-runtime/decider';
import { AppError } from '@saga/saga-runtime/errors';
import type { EventMap } from '@saga/schemas';

/** Every account holds US dollars; balances and amounts are integer cents. */
export const ACCOUNT_CURRENCY = 'USD';

export type PaymentStatus = 'COMPLETED' | 'DECLINED' | 'REFUNDED';
export type DeclineReason = 'PAYMENT_DECLINED';

export interface Account {
  customerId: string;
  balanceCents: number;
  currency: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Payment {
  paymentId: string;
  orderId: string;
  customerId: string;
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  reason: DeclineReason | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What one decision about an order needs: the customer's account, the order's payment, its tombstone. */
export interface PaymentState {
  orderId: string;
  account: Account;
  payment: Payment | null;
  /** The order was cancelled before any payment was attempted for it. */
  cancelled: boolean;
}

/** The facts other services publish that payment acts on, each about one order of one customer. */
export type PaymentCommand =
  | { type: 'InventoryReserved'; orderId: string; customerId: string; amountCents: number; currency: string }
  | { type: 'OrderCancelled'; orderId: string; customerId: string };

export type PaymentEvent = Published<EventMap, 'payment.completed' | 'payment.declined' | 'payment.refunded'>;

type PaymentDecision = Decision<PaymentState, PaymentEvent>;

export function openAccount(customerId: string, balanceCents: number, now: Date): Account {
  return { customerId, balanceCents, currency: ACCOUNT_CURRENCY, createdAt: now, updatedAt: now };
}

/** The payment rules, with no IO: given the state and a fact, the next state and what to publish. */
function decide(state: PaymentState, command: PaymentCommand, context: DecideContext): PaymentDecision {
  if (state.payment && state.payment.customerId !== state.account.customerId) {
    // Refunding into, or reading the balance of, someone else's account is worse than stopping.
    throw AppError.poison(
      'CUSTOMER_MISMATCH',
      `order ${state.payment.orderId} was paid by another customer than the event names`,
    );
  }
  switch (command.type) {
    case 'InventoryReserved':
      return charge(state, command, context);
    case 'OrderCancelled':
      return cancel(state, context);
  }
}

export const paymentDecider: Decider<PaymentState, PaymentCommand, PaymentEvent> = { decide };

function charge(
  state: PaymentState,
  command: Extract<PaymentCommand, { type: 'InventoryReserved' }>,
  context: DecideContext,
): PaymentDecision {
  // A redelivered reservation must not charge twice, and a cancelled order must not be charged at all.
  if (state.payment || state.cancelled) return { state, events: [] };
  if (!Number.isSafeInteger(command.amountCents) || command.amountCents < 0) {
    throw AppError.poison('AMOUNT_INVALID', `cannot charge ${command.amountCents} cents`);
  }
  const { account } = state;
  const payment: Payment = {
    paymentId: context.newId(),
    orderId: command.orderId,
    customerId: account.customerId,
    amountCents: command.amountCents,
    currency: command.currency,
    status: 'COMPLETED',
    reason: null,
    createdAt: context.now,
    updatedAt: context.now,
  };
  const base = {
    eventId: context.newId(),
    orderId: command.orderId,
    occurredAt: context.now.getTime(),
    customerId: account.customerId,
    amountCents: command.amountCents,
    currency: command.currency,
  };
  const refusal = whyDeclined(account, command);
  if (refusal) {
    const declined: Payment = { ...payment, status: 'DECLINED', reason: 'PAYMENT_DECLINED' };
    const event = { ...base, reason: 'PAYMENT_DECLINED', detail: refusal };
    return { state: { ...state, payment: declined }, events: [{ topic: 'payment.declined', event }] };
  }
  const charged = {
    ...account,
    balanceCents: account.balanceCents - command.amountCents,
    updatedAt: context.now,
  };
  return {
    state: { ...state, account: charged, payment },
    events: [{ topic: 'payment.completed', event: { ...base, paymentId: payment.paymentId } }],
  };
}

function whyDeclined(account: Account, command: { amountCents: number; currency: string }): string | null {
  if (command.currency !== account.currency) {
    return `currency ${command.currency} differs from the account's ${account.currency}`;
  }
  if (account.balanceCents < command.amountCents) {
    return `balance ${account.balanceCents} below total ${command.amountCents}`;
  }
  return null;
}

function cancel(state: PaymentState, context: DecideContext): PaymentDecision {
  const { account, payment } = state;
  if (!payment) {
    // The cancellation overtook the reservation: remember it, so the reservation charges nothing.
    return state.cancelled ? { state, events: [] } : { state: { ...state, cancelled: true }, events: [] };
  }
  // Declined means nothing was taken; refunded means it was already given back.
  if (payment.status !== 'COMPLETED') return { state, events: [] };
  const refunded: Payment = { ...payment, status: 'REFUNDED', updatedAt: context.now };
  const credited = {
    ...account,
    balanceCents: account.balanceCents + payment.amountCents,
    updatedAt: context.now,
  };
  const event = {
    eventId: context.newId(),
    orderId: payment.orderId,
    occurredAt: context.now.getTime(),
    customerId: payment.customerId,
    paymentId: payment.paymentId,
    amountCents: payment.amountCents,
    currency: payment.currency,
  };
  return {
    state: { ...state, account: credited, payment: refunded },
    events: [{ topic: 'payment.refunded', event }],
  };
}
