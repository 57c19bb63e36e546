import type { DecideContext, Decider, Decision, Published } from '@saga/saga-runtime/decider';
import { AppError } from '@saga/saga-runtime/errors';
import type { CancellationReason, EventMap, OrderItem } from '@saga/schemas';

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'CANCELLED';

export interface Order {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  items: OrderItem[];
  currency: string;
  totalCents: number | null;
  cancellationReason: CancellationReason | null;
  /** When a saga still PENDING is cancelled with TIMED_OUT. */
  deadlineAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** When the saga first ended (confirmed or cancelled while PENDING); a later cancel keeps it. */
  settledAt: Date | null;
}

/** What can happen to an order: a request from the customer, a fact another service published, or time. */
export type OrderCommand =
  | {
      type: 'PlaceOrder';
      orderId: string;
      customerId: string;
      items: OrderItem[];
      currency: string;
      /** How long the saga may stay PENDING (SAGA_DEADLINE_SECONDS). */
      deadlineSeconds: number;
    }
  | { type: 'PaymentCompleted'; orderId: string; amountCents: number }
  | { type: 'PaymentDeclined'; orderId: string; amountCents: number; detail: string }
  | { type: 'InventoryRejected'; orderId: string; reason: 'OUT_OF_STOCK' | 'UNKNOWN_SKU'; detail: string }
  | { type: 'CancelByCustomer'; orderId: string }
  | { type: 'DeadlinePassed'; orderId: string };

export type OrderEvent = Published<EventMap, 'order.created' | 'order.confirmed' | 'order.cancelled'>;

type OrderDecision = Decision<Order, OrderEvent>;

/** A PENDING order whose deadline has passed: the saga is over, and it did not succeed. */
function isOverdue(order: Order, now: Date): boolean {
  return order.status === 'PENDING' && order.deadlineAt.getTime() < now.getTime();
}

/** The order's rules, with no IO: given what we know and what happened, what we know next and say. */
function decide(state: Order | null, command: OrderCommand, context: DecideContext): OrderDecision {
  // A new order has a new id: there is never an earlier state to check it against.
  if (command.type === 'PlaceOrder') return place(command, context);
  if (!state) throw AppError.notFound('ORDER_NOT_FOUND', `order ${command.orderId} does not exist`);
  if (
    (command.type === 'PaymentCompleted' || command.type === 'PaymentDeclined') &&
    !(command.amountCents >= 0)
  ) {
    // The schema says long; only the rules know an amount cannot be negative.
    throw AppError.poison(
      'AMOUNT_INVALID',
      `payment amount ${command.amountCents} is not a valid amount of cents`,
    );
  }
  switch (command.type) {
    case 'PaymentCompleted':
      return confirm(state, command.amountCents, context);
    case 'PaymentDeclined':
      return cancel(state, 'PAYMENT_DECLINED', command.detail, context, command.amountCents);
    case 'InventoryRejected':
      return cancel(state, command.reason, command.detail, context, null);
    case 'DeadlinePassed':
      // A sweep may find an order whose saga ended meanwhile, or look before the deadline is due.
      if (!isOverdue(state, context.now)) return { state, events: [] };
      return cancel(state, 'TIMED_OUT', 'the saga did not finish before its deadline', context, null);
    case 'CancelByCustomer':
      if (state.status === 'CANCELLED') {
        throw AppError.conflict('ORDER_ALREADY_CANCELLED', `order ${state.orderId} is already cancelled`);
      }
      return cancel(state, 'CUSTOMER_CANCELLED', 'cancelled by the customer', context, null);
  }
}

export const orderDecider: Decider<Order | null, OrderCommand, OrderEvent, Order> = { decide };

function place(
  command: Extract<OrderCommand, { type: 'PlaceOrder' }>,
  context: DecideContext,
): OrderDecision {
  const { orderId, customerId, items, currency } = command;
  const state: Order = {
    orderId,
    customerId,
    status: 'PENDING',
    items,
    currency,
    totalCents: null,
    cancellationReason: null,
    deadlineAt: new Date(context.now.getTime() + command.deadlineSeconds * 1000),
    createdAt: context.now,
    updatedAt: context.now,
    settledAt: null,
  };
  const event = { ...facts(state, context), currency, items };
  return { state, events: [{ topic: 'order.created', event }] };
}

function confirm(state: Order, amountCents: number, context: DecideContext): OrderDecision {
  // A payment for an order cancelled meanwhile is refunded by payment on order.cancelled.
  if (state.status !== 'PENDING') return { state, events: [] };
  const next: Order = {
    ...state,
    status: 'CONFIRMED',
    totalCents: amountCents,
    updatedAt: context.now,
    settledAt: context.now,
  };
  const event = { ...facts(state, context), totalCents: amountCents, currency: state.currency };
  return { state: next, events: [{ topic: 'order.confirmed', event }] };
}

function cancel(
  state: Order,
  reason: CancellationReason,
  detail: string,
  context: DecideContext,
  totalCents: number | null,
): OrderDecision {
  // Automatic outcomes only ever end a PENDING saga; a late or repeated one changes nothing.
  const endable =
    state.status === 'PENDING' || (reason === 'CUSTOMER_CANCELLED' && state.status === 'CONFIRMED');
  if (!endable) return { state, events: [] };
  const next: Order = {
    ...state,
    status: 'CANCELLED',
    cancellationReason: reason,
    totalCents: state.totalCents ?? totalCents,
    updatedAt: context.now,
    settledAt: state.status === 'PENDING' ? context.now : state.settledAt,
  };
  return {
    state: next,
    events: [{ topic: 'order.cancelled', event: { ...facts(state, context), reason, detail } }],
  };
}

/** What every order event says: which order, whose, and when. */
function facts(order: Order, context: DecideContext) {
  return {
    eventId: context.newId(),
    orderId: order.orderId,
    occurredAt: context.now.getTime(),
    customerId: order.customerId,
  };
}
