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
  /** What the notification service had, oldest first. */
  kinds: string[];
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
    const kinds = (body as { kind: string }[]).map((notification) => notification.kind);
    const missing = expected.filter((kind) => !kinds.includes(kind));
    if (missing.length === 0 || now() >= deadline) return { kinds, missing };
    await pause(intervalMs);
  }
}

/** The demo table's cell: what arrived, and plainly what did not. */
export function describeNotifications({ kinds, missing }: NotificationsFound, timeoutMs = 10_000): string {
  const found = kinds.length > 0 ? kinds.join(', ') : 'none';
  if (missing.length === 0) return found;
  return `${found}; NOT ARRIVED after ${timeoutMs / 1000}s: ${missing.join(', ')}`;
}
