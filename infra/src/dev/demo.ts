/**
 * `pnpm demo` (with `pnpm start` running): submits one order per outcome of the saga against
 * the seeded catalogue and prints how each ended, and which notifications its customer was sent.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { servicePorts } from '../stack/settings';
import { awaitNotifications, describeNotifications, expectedNotifications } from './demo-notifications';

const order = process.env.ORDER_URL ?? `http://127.0.0.1:${servicePorts.order}`;
const notification = process.env.NOTIFICATION_URL ?? `http://127.0.0.1:${servicePorts.notification}`;

const notificationWaitMs = 10_000;

interface Order {
  orderId: string;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  cancellationReason: string | null;
  totalCents: number | null;
}

const scenarios: {
  name: string;
  items: { sku: string; quantity: number }[];
  cancelAfterConfirm?: boolean;
}[] = [
  {
    name: 'happy path',
    items: [
      { sku: 'SKU-COFFEE', quantity: 2 },
      { sku: 'SKU-MUG', quantity: 1 },
    ],
  },
  { name: 'out of stock', items: [{ sku: 'SKU-LIMITED', quantity: 50 }] },
  { name: 'unknown product', items: [{ sku: 'SKU-DOES-NOT-EXIST', quantity: 1 }] },
  { name: 'payment declined', items: [{ sku: 'SKU-LAPTOP', quantity: 1 }] },
  { name: 'customer cancels', items: [{ sku: 'SKU-TEA', quantity: 3 }], cancelAfterConfirm: true },
];

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = await response.json();
  if (!response.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url} → ${response.status}: ${JSON.stringify(body)}`);
  return body as T;
}

async function settle(orderId: string): Promise<Order> {
  for (let i = 0; i < 300; i++) {
    const current = await json<Order>(`${order}/orders/${orderId}`);
    if (current.status !== 'PENDING') return current;
    await sleep(100);
  }
  throw new Error(`order ${orderId} still PENDING after 30s`);
}

async function run(scenario: (typeof scenarios)[number]) {
  const customerId = `demo-${randomUUID().slice(0, 8)}`;
  const { orderId } = await json<{ orderId: string }>(`${order}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ customerId, items: scenario.items }),
  });
  let final = await settle(orderId);
  const reached = [final.status];
  if (scenario.cancelAfterConfirm && final.status === 'CONFIRMED') {
    final = await json<Order>(`${order}/orders/${orderId}/cancel`, { method: 'POST' });
    reached.push(final.status);
  }
  const terminal = reached.filter((status) => status !== 'PENDING');
  const found = await awaitNotifications(notification, orderId, expectedNotifications(terminal), {
    fetch,
    timeoutMs: notificationWaitMs,
  });
  return { scenario: scenario.name, ...final, found };
}

try {
  const results = await Promise.all(scenarios.map(run));
  console.table(
    results.map((r) => ({
      scenario: r.scenario,
      order: r.orderId,
      status: r.status,
      reason: r.cancellationReason ?? '',
      total: r.totalCents === null ? '' : `$${(r.totalCents / 100).toFixed(2)}`,
      notifications: describeNotifications(r.found, notificationWaitMs),
    })),
  );
  // The order's outcomes travel on two topics: a confirmation may reach the notification service
  // after the cancellation was sent, and is then kept from the customer, who knows the final outcome.
  for (const { scenario, found } of results.filter((r) => r.found.suppressed.length > 0)) {
    const sent = found.kinds.filter((kind) => !found.suppressed.includes(kind));
    console.log(
      `${scenario}: ${found.suppressed.join(', ')} reached the notification service after ${sent.join(', ')} had been sent; recorded, not sent`,
    );
  }
  const late = results.filter((r) => r.found.missing.length > 0);
  for (const r of late)
    console.warn(
      `${r.scenario}: ${r.found.missing.join(', ')} did not arrive within ${notificationWaitMs / 1000}s; is the notification service consuming?`,
    );
} catch (error) {
  console.error(
    `demo failed: ${error instanceof Error ? error.message : String(error)}\nIs \`pnpm start\` running?`,
  );
  process.exit(1);
}
