import type { DecideContext, Decider, Published } from '@saga/saga-runtime/decider';
import type { CancellationReason, EventMap } from '@saga/schemas';

export type NotificationKind = 'ORDER_CONFIRMED' | 'ORDER_CANCELLED';
export type Channel = 'email';

export interface Notification {
  notificationId: string;
  orderId: string;
  customerId: string;
  kind: NotificationKind;
  reason: CancellationReason | null;
  channel: Channel;
  subject: string;
  body: string;
  /** The event this notification answers; kept to trace a message back to its cause. */
  eventId: string;
  createdAt: Date;
}

/** The terminal outcomes of an order: the only facts a customer is told about. */
export type Outcome = Published<EventMap, 'order.confirmed' | 'order.cancelled'>;

// Worded for the customer: the event's detail is written for operators and may name internals.
const reasonText: Record<CancellationReason, string> = {
  OUT_OF_STOCK: 'some items are out of stock',
  UNKNOWN_SKU: 'some items are not available in our catalogue',
  PAYMENT_DECLINED: 'the payment was declined',
  CUSTOMER_CANCELLED: 'it was cancelled at your request',
  TIMED_OUT: 'it could not be completed in time',
};

export const kindOf = (outcome: Outcome): NotificationKind =>
  outcome.topic === 'order.confirmed' ? 'ORDER_CONFIRMED' : 'ORDER_CANCELLED';

/**
 * One notification per outcome of an order: the one already sent (`sent`) answers any later event
 * about that outcome, e.g. a copy republished under a new event id. Nothing is published.
 */
export const notificationDecider: Decider<Notification | null, Outcome, never, Notification> = {
  decide: (sent, outcome, context) => ({ state: sent ?? notificationFor(outcome, context), events: [] }),
};

/** What to tell the customer about an order's outcome. */
export function notificationFor(outcome: Outcome, context: DecideContext): Notification {
  const { event } = outcome;
  const base = {
    notificationId: context.newId(),
    orderId: event.orderId,
    customerId: event.customerId,
    channel: 'email' as const,
    eventId: event.eventId,
    createdAt: context.now,
  };
  if (outcome.topic === 'order.confirmed') {
    const { totalCents, currency } = outcome.event;
    return {
      ...base,
      kind: 'ORDER_CONFIRMED',
      reason: null,
      subject: `Your order ${event.orderId} is confirmed`,
      body: `Your order ${event.orderId} is confirmed. We charged ${formatMoney(totalCents, currency)}.`,
    };
  }
  const { reason } = outcome.event;
  return {
    ...base,
    kind: 'ORDER_CANCELLED',
    reason,
    subject: `Your order ${event.orderId} was cancelled`,
    body: `Your order ${event.orderId} was cancelled: ${reasonText[reason]}.`,
  };
}

/** Minor units as the customer reads them, e.g. 1998 USD → "$19.98", 500 JPY → "¥500". */
export function formatMoney(minorUnits: number, currency: string): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  } catch {
    // A code Intl does not know must not stop the notification; show the raw amount instead.
    return `${minorUnits} ${currency} (minor units)`;
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}
