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
  createdAt: Date;
  updatedAt: Date;
}

/** What can happen to an order: a request from the customer, or a fact another service published. */
export type OrderInput =
  | { type: 'PlaceOrder'; orderId: string; customerId: string; items: OrderItem[]; currency: string }
  | { type: 'PaymentCompleted'; amountCents: number }
  | { type: 'PaymentDeclined'; amountCents: number; detail: string }
  | { type: 'InventoryRejected'; reason: 'OUT_OF_STOCK' | 'UNKNOWN_SKU'; detail: string }
  | { type: 'CancelByCustomer' }
  | { type: 'DeadlinePassed' };

export type OrderEvent =
  | { topic: 'order.created'; event: EventMap['order.created'] }
  | { topic: 'order.confirmed'; event: EventMap['order.confirmed'] }
  | { topic: 'order.cancelled'; event: EventMap['order.cancelled'] };

export interface Decision {
  state: Order;
  events: OrderEvent[];
}

export interface DecideContext {
  now: Date;
  newId(): string;
}

/** The order's rules, with no IO: given what we know and what happened, what we know next and say. */
export function decide(state: Order | null, input: OrderInput, context: DecideContext): Decision {
  if (input.type === 'PlaceOrder') {
    if (state) throw AppError.conflict('ORDER_EXISTS', `order ${input.orderId} already exists`);
    return place(input, context);
  }
  if (!state) throw AppError.poison('ORDER_UNKNOWN', 'event for an order this service never created');
  if ((input.type === 'PaymentCompleted' || input.type === 'PaymentDeclined') && !(input.amountCents >= 0)) {
    // The schema says long; only the rules know an amount cannot be negative.
    throw AppError.poison(
      'AMOUNT_INVALID',
      `payment amount ${input.amountCents} is not a valid amount of cents`,
    );
  }
  const base = { eventId: context.newId(), orderId: state.orderId, occurredAt: context.now.getTime() };
  const unchanged: Decision = { state, events: [] };

  switch (input.type) {
    case 'PaymentCompleted': {
      // A payment for an order cancelled meanwhile is refunded by payment on order.cancelled.
      if (state.status !== 'PENDING') return unchanged;
      const next = {
        ...state,
        status: 'CONFIRMED' as const,
        totalCents: input.amountCents,
        updatedAt: context.now,
      };
      const event = {
        ...base,
        customerId: state.customerId,
        totalCents: input.amountCents,
        currency: state.currency,
      };
      return { state: next, events: [{ topic: 'order.confirmed', event }] };
    }
    case 'PaymentDeclined':
      return cancel(state, 'PAYMENT_DECLINED', input.detail, context, input.amountCents);
    case 'InventoryRejected':
      return cancel(state, input.reason, input.detail, context, null);
    case 'DeadlinePassed':
      return cancel(state, 'TIMED_OUT', 'the saga did not finish before its deadline', context, null);
    case 'CancelByCustomer':
      if (state.status === 'CANCELLED') {
        throw AppError.conflict('ORDER_ALREADY_CANCELLED', `order ${state.orderId} is already cancelled`);
      }
      return cancel(state, 'CUSTOMER_CANCELLED', 'cancelled by the customer', context, null);
  }
}

function place(input: Extract<OrderInput, { type: 'PlaceOrder' }>, context: DecideContext): Decision {
  const state: Order = {
    orderId: input.orderId,
    customerId: input.customerId,
    status: 'PENDING',
    items: input.items,
    currency: input.currency,
    totalCents: null,
    cancellationReason: null,
    createdAt: context.now,
    updatedAt: context.now,
  };
  const event = {
    eventId: context.newId(),
    orderId: input.orderId,
    occurredAt: context.now.getTime(),
    customerId: input.customerId,
    currency: input.currency,
    items: input.items,
  };
  return { state, events: [{ topic: 'order.created', event }] };
}

function cancel(
  state: Order,
  reason: CancellationReason,
  detail: string,
  context: DecideContext,
  totalCents: number | null,
): Decision {
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
  };
  const event = {
    eventId: context.newId(),
    orderId: state.orderId,
    occurredAt: context.now.getTime(),
    customerId: state.customerId,
    reason,
    detail,
  };
  return { state: next, events: [{ topic: 'order.cancelled', event }] };
}
