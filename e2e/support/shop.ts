import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { System } from './system';

export interface Order {
  orderId: string;
  customerId: string;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  items: { sku: string; quantity: number }[];
  totalCents: number | null;
  currency: string;
  cancellationReason: string | null;
}

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  available: number;
  reserved: number;
}

/** Retries `probe` until it returns something other than undefined. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(100);
  }
}

/** A fresh product, so stories never share stock. */
export async function stockProduct(
  system: System,
  { available, priceCents = 1000 }: { available: number; priceCents?: number },
): Promise<Product> {
  const sku = `E2E-${randomUUID().slice(0, 8).toUpperCase()}`;
  const response = await system.inventory.put(
    `/products/${sku}`,
    { name: `Test ${sku}`, priceCents, available },
    system.inventory.admin(),
  );
  if (response.status !== 201)
    throw new Error(`could not create product: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Product;
}

export async function product(system: System, sku: string): Promise<Product> {
  return (await system.inventory.get<Product>(`/products/${sku}`)).body;
}

/** A fresh customer with the given balance. */
export async function openAccount(system: System, balanceCents: number): Promise<string> {
  const customerId = `customer-${randomUUID().slice(0, 12)}`;
  const response = await system.payment.put(
    `/accounts/${customerId}`,
    { balanceCents },
    system.payment.admin(),
  );
  if (response.status >= 300)
    throw new Error(`could not open account: ${response.status} ${JSON.stringify(response.body)}`);
  return customerId;
}

export async function balance(system: System, customerId: string): Promise<number> {
  return (await system.payment.get<{ balanceCents: number }>(`/accounts/${customerId}`)).body.balanceCents;
}

export async function placeOrder(
  system: System,
  customerId: string,
  items: { sku: string; quantity: number }[],
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await system.order.post<{ orderId: string }>('/orders', { customerId, items }, headers);
  if (response.status !== 202)
    throw new Error(`order refused: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.orderId;
}

export async function getOrder(system: System, orderId: string): Promise<Order> {
  return (await system.order.get<Order>(`/orders/${orderId}`)).body;
}

/** Waits until the order reached CONFIRMED or CANCELLED (the saga's end) and returns it. */
export function settled(system: System, orderId: string, timeoutMs = 30_000): Promise<Order> {
  return eventually(
    async () => {
      const order = await getOrder(system, orderId);
      return order.status === 'PENDING' ? undefined : order;
    },
    timeoutMs,
    `order ${orderId} to settle`,
  );
}

export async function notifications(
  system: System,
  orderId: string,
): Promise<{ kind: string; reason: string | null }[]> {
  return (
    await system.notification.get<{ kind: string; reason: string | null }[]>(
      `/notifications?orderId=${orderId}`,
    )
  ).body;
}

export async function payments(
  system: System,
  orderId: string,
): Promise<{ status: string; amountCents: number }[]> {
  return (await system.payment.get<{ status: string; amountCents: number }[]>(`/payments?orderId=${orderId}`))
    .body;
}

/** Notifications come last in the saga: wait for `count` of them. */
export function notified(system: System, orderId: string, count = 1) {
  return eventually(
    async () => {
      const list = await notifications(system, orderId);
      return list.length >= count ? list : undefined;
    },
    30_000,
    `${count} notification(s) for ${orderId}`,
  );
}
