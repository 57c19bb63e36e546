/**
 * The demo's wait for an order's notifications. The notification service writes them when it
 * consumes the order's outcome, a moment after the order itself turns terminal, so reading them
 * once at that point often finds none yet.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export type NotificationKind = 'ORDER_CONFIRMED' | 'ORDER_CANCELLED';

/** One notification per terminal status the order went through, in that order. */
export function expectedNotifications(statuses: readonly ('CONFIRMED' | 'CANCELLED')[]): NotificationKind[] {
  return statuses.map((status) => `ORDER_${status}` as const);
}

export interface NotificationsFound {
  /** What the notification service had recorded, oldest first. */
  kinds: string[];
  /** Of those, the ones recorded but not sent: a later outcome of the order had been sent already. */
  suppressed: string[];
  /** What was expected and had not arrived when the wait ran out; empty when all came. */
  missing: NotificationKind[];
}

export interface AwaitOptions {
  fetch: (url: string) => Promise<Response>;
  timeoutMs?: number;
  intervalMs?: number;
  sleep?: (ms: number) => Promise<unknown>;
  now?: () => number;
}

/** Polls `GET /notifications?orderId=` until every expected kind is there or `timeoutMs` has passed. */
export async function awaitNotifications(
  notificationUrl: string,
  orderId: string,
  expected: readonly NotificationKind[],
  options: AwaitOptions,
): Promise<NotificationsFound> {
  const { timeoutMs = 10_000, intervalMs = 200, now = Date.now } = options;
  const pause = options.sleep ?? sleep;
  const url = `${notificationUrl}/notifications?orderId=${encodeURIComponent(orderId)}`;
  const deadline = now() + timeoutMs;
  for (;;) {
    const response = await options.fetch(url);
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`GET ${url} → ${response.status}: ${JSON.stringify(body)}`);
    const recorded = body as { kind: string; delivery?: string }[];
    const kinds = recorded.map((notification) => notification.kind);
    const suppressed = recorded.filter((n) => n.delivery === 'SUPPRESSED').map((n) => n.kind);
    // A suppressed notification is recorded too, so waiting for every kind still ends.
    const missing = expected.filter((kind) => !kinds.includes(kind));
    if (missing.length === 0 || now() >= deadline) return { kinds, suppressed, missing };
    await pause(intervalMs);
  }
}

/** The demo table's cell: what was sent, in that order, what was only recorded, and plainly what did not arrive. */
export function describeNotifications(
  { kinds, suppressed, missing }: NotificationsFound,
  timeoutMs = 10_000,
): string {
  const sent = kinds.filter((kind) => !suppressed.includes(kind));
  const parts = [sent.length > 0 ? sent.join(', ') : 'none'];
  if (suppressed.length > 0)
    parts.push(`recorded but not sent (a later outcome had been sent): ${suppressed.join(', ')}`);
  if (missing.length > 0) parts.push(`NOT ARRIVED after ${timeoutMs / 1000}s: ${missing.join(', ')}`);
  return parts.join('; ');
}
