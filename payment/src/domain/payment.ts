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
  account: Account;
  payment: Payment | null;
  /** The order was cancelled before any payment was attempted for it. */
  cancelled: boolean;
}

/** The facts other services publish that payment acts on. */
export type PaymentInput =
  | { type: 'InventoryReserved'; orderId: string; amountCents: number; currency: string }
  | { type: 'OrderCancelled'; orderId: string };

export type PaymentEvent =
  | { topic: 'payment.completed'; event: EventMap['payment.completed'] }
  | { topic: 'payment.declined'; event: EventMap['payment.declined'] }
  | { topic: 'payment.refunded'; event: EventMap['payment.refunded'] };

export interface Decision {
  state: PaymentState;
  events: PaymentEvent[];
}

export interface DecideContext {
  now: Date;
  newId(): string;
}

export function openAccount(customerId: string, balanceCents: number, now: Date): Account {
  return { customerId, balanceCents, currency: ACCOUNT_CURRENCY, createdAt: now, updatedAt: now };
}

/** The payment rules, with no IO: given the state and a fact, the next state and what to publish. */
export function decide(state: PaymentState, input: PaymentInput, context: DecideContext): Decision {
  if (state.payment && state.payment.customerId !== state.account.customerId) {
    // Refunding into, or reading the balance of, someone else's account is worse than stopping.
    throw AppError.poison(
      'CUSTOMER_MISMATCH',
      `order ${state.payment.orderId} was paid by another customer than the event names`,
    );
  }
  switch (input.type) {
    case 'InventoryReserved':
      return charge(state, input, context);
    case 'OrderCancelled':
      return cancel(state, context);
  }
}

function charge(
  state: PaymentState,
  input: Extract<PaymentInput, { type: 'InventoryReserved' }>,
  context: DecideContext,
): Decision {
  // A redelivered reservation must not charge twice, and a cancelled order must not be charged at all.
  if (state.payment || state.cancelled) return { state, events: [] };
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 0) {
    throw AppError.poison('AMOUNT_INVALID', `cannot charge ${input.amountCents} cents`);
  }
  const { account } = state;
  const payment: Payment = {
    paymentId: context.newId(),
    orderId: input.orderId,
    customerId: account.customerId,
    amountCents: input.amountCents,
    currency: input.currency,
    status: 'COMPLETED',
    reason: null,
    createdAt: context.now,
    updatedAt: context.now,
  };
  const base = {
    eventId: context.newId(),
    orderId: input.orderId,
    occurredAt: context.now.getTime(),
    customerId: account.customerId,
    amountCents: input.amountCents,
    currency: input.currency,
  };
  const refusal = whyDeclined(account, input);
  if (refusal) {
    const declined: Payment = { ...payment, status: 'DECLINED', reason: 'PAYMENT_DECLINED' };
    const event = { ...base, reason: 'PAYMENT_DECLINED', detail: refusal };
    return { state: { ...state, payment: declined }, events: [{ topic: 'payment.declined', event }] };
  }
  const charged = {
    ...account,
    balanceCents: account.balanceCents - input.amountCents,
    updatedAt: context.now,
  };
  return {
    state: { ...state, account: charged, payment },
    events: [{ topic: 'payment.completed', event: { ...base, paymentId: payment.paymentId } }],
  };
}

function whyDeclined(account: Account, input: { amountCents: number; currency: string }): string | null {
  if (input.currency !== account.currency) {
    return `currency ${input.currency} differs from the account's ${account.currency}`;
  }
  if (account.balanceCents < input.amountCents) {
    return `balance ${account.balanceCents} below total ${input.amountCents}`;
  }
  return null;
}

function cancel(state: PaymentState, context: DecideContext): Decision {
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
