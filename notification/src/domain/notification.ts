import type { DecideContext, Decider, Published } from '@saga/saga-runtime/decider';
import type { CancellationReason, EventMap } from '@saga/schemas';

export type NotificationKind = 'ORDER_CONFIRMED' | 'ORDER_CANCELLED';
export type Channel = 'email';
/** SENT: the customer was told. SUPPRESSED: recorded only, as a later outcome had been sent already. */
export type Delivery = 'SENT' | 'SUPPRESSED';

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
  /** When the order service decided the outcome (the event's occurredAt): its place in the order's history. */
  occurredAt: Date;
  delivery: Delivery;
  /** The sent notification of a later outcome that made this one moot; null unless SUPPRESSED. */
  suppressedBy: string | null;
  createdAt: Date;
}

/** What this order's customer was told so far, and what was recorded without being sent; oldest first. */
export type Told = readonly Notification[];

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
 * One notification per outcome of an order, told in the order of the order's own history.
 * order.confirmed and order.cancelled travel on different topics, so a cancellation may arrive
 * before the confirmation it followed; that confirmation is then recorded but not sent, since the
 * customer already knows the final outcome and "confirmed" afterwards would mislead. An outcome
 * already recorded answers any later event about it, e.g. a copy republished under a new event id.
 * Nothing is published.
 */
export const notificationDecider: Decider<Told, Outcome, never, Told> = {
  decide: (told, outcome, context) => {
    if (told.some((earlier) => earlier.kind === kindOf(outcome))) return { state: told, events: [] };
    const notification = notificationFor(outcome, context);
    const later = told.find((earlier) => earlier.delivery === 'SENT' && comesAfter(earlier, notification));
    const recorded: Notification = later
      ? { ...notification, delivery: 'SUPPRESSED', suppressedBy: later.notificationId }
      : notification;
    return { state: [...told, recorded], events: [] };
  },
};

/**
 * Whether `a` is later than `b` in the order's history. Both times come from the order service's
 * clock; within one millisecond the cancellation is the later, as a confirmed order is the only one
 * that has both outcomes and it can only be cancelled after it was confirmed.
 */
function comesAfter(a: Notification, b: Notification): boolean {
  const gap = a.occurredAt.getTime() - b.occurredAt.getTime();
  return gap > 0 || (gap === 0 && a.kind === 'ORDER_CANCELLED' && b.kind === 'ORDER_CONFIRMED');
}

/** The notification recorded for an outcome; after a decision there always is one. */
export function notificationAbout(told: Told, outcome: Outcome): Notification {
  const kind = kindOf(outcome);
  const found = told.find((notification) => notification.kind === kind);
  if (!found) throw new Error(`no ${kind} notification recorded for order ${outcome.event.orderId}`);
  return found;
}

/** What to tell the customer about an order's outcome. */
export function notificationFor(outcome: Outcome, context: DecideContext): Notification {
  const { event } = outcome;
  const base = {
    notificationId: context.newId(),
    orderId: event.orderId,
    customerId: event.customerId,
    channel: 'email' as const,
    eventId: event.eventId,
    occurredAt: new Date(event.occurredAt),
    delivery: 'SENT' as const,
    suppressedBy: null,
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
// Building a currency formatter costs more than the rest of a notification (ICU loads its data),
// so each currency's is built once; null marks a code Intl does not know. Codes arrive in events,
// so the cache is bounded: past it, a formatter is built per call as before.
const formats = new Map<string, Intl.NumberFormat | null>();
const mostCurrencies = 64;

function formatFor(currency: string): Intl.NumberFormat | null {
  let format = formats.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    } catch {
      format = null;
    }
    if (formats.size < mostCurrencies) formats.set(currency, format);
  }
  return format;
}

export function formatMoney(minorUnits: number, currency: string): string {
  const format = formatFor(currency);
  // A code Intl does not know must not stop the notification; show the raw amount instead.
  if (!format) return `${minorUnits} ${currency} (minor units)`;
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}
