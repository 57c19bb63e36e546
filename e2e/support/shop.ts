import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { eventually } from './eventually';
import { type System, useSystem } from './system';

export interface Order {
  orderId: string;
  customerId: string;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  items: { sku: string; quantity: number }[];
  totalCents: number | null;
  currency: string;
  cancellationReason: string | null;
}

/** A product as GET /products/{sku} answers it. */
export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  available: number;
  reserved: number;
}

export type Line = { sku: string; quantity: number };
export type Notification = { kind: string; reason: string | null; delivery: 'SENT' | 'SUPPRESSED' };
export type Payment = { status: string; amountCents: number };

/**
 * What a story does as a shop's users do: an admin stocks products and opens accounts,
 * customers place orders, and everyone reads back orders, stock, money and notifications
 * over the services' HTTP APIs.
 */
export class Shop {
  /** Usually the System; any instance's HTTP clients once the first ones may be gone. */
  constructor(private readonly system: Pick<System, 'order' | 'inventory' | 'payment' | 'notification'>) {}

  /** A fresh product, so stories never share stock. */
  async stockProduct({ available, priceCents = 1000 }: { available: number; priceCents?: number }) {
    const sku = `E2E-${randomUUID().slice(0, 8).toUpperCase()}`;
    const { inventory } = this.system;
    const response = await inventory.put(
      `/products/${sku}`,
      { name: `Test ${sku}`, priceCents, available },
      inventory.admin(),
    );
    if (response.status !== 201)
      throw new Error(`could not create product: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Product;
  }

  async product(sku: string): Promise<Product> {
    return (await this.system.inventory.get<Product>(`/products/${sku}`)).body;
  }

  /** A fresh customer with the given balance. */
  async openAccount(balanceCents: number): Promise<string> {
    const customerId = `customer-${randomUUID().slice(0, 12)}`;
    const { payment } = this.system;
    const response = await payment.put(`/accounts/${customerId}`, { balanceCents }, payment.admin());
    if (response.status >= 300)
      throw new Error(`could not open account: ${response.status} ${JSON.stringify(response.body)}`);
    return customerId;
  }

  /** `count` fresh customers, each with the given balance. */
  openAccounts(count: number, balanceCents: number): Promise<string[]> {
    return Promise.all(Array.from({ length: count }, () => this.openAccount(balanceCents)));
  }

  async balance(customerId: string): Promise<number> {
    return (await this.system.payment.get<{ balanceCents: number }>(`/accounts/${customerId}`)).body
      .balanceCents;
  }

  async placeOrder(customerId: string, items: Line[], headers: Record<string, string> = {}): Promise<string> {
    const response = await this.system.order.post<{ orderId: string }>(
      '/orders',
      { customerId, items },
      headers,
    );
    if (response.status !== 202)
      throw new Error(`order refused: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.orderId;
  }

  async getOrder(orderId: string): Promise<Order> {
    return (await this.system.order.get<Order>(`/orders/${orderId}`)).body;
  }

  /** Waits until the order reached CONFIRMED or CANCELLED (the saga's end) and returns it. */
  settled(orderId: string, timeoutMs = 30_000): Promise<Order> {
    return eventually(
      async () => {
        const order = await this.getOrder(orderId);
        return order.status === 'PENDING' ? undefined : order;
      },
      timeoutMs,
      `order ${orderId} to settle`,
    );
  }

  /** Given: a fresh customer with `balance` cents ordered `quantity` of a fresh product, and it was confirmed. */
  async confirmedOrder(given: { available: number; priceCents: number; balance: number; quantity?: number }) {
    const { sku } = await this.stockProduct(given);
    const customerId = await this.openAccount(given.balance);
    const orderId = await this.placeOrder(customerId, [{ sku, quantity: given.quantity ?? 1 }]);
    expect(await this.settled(orderId)).toMatchObject({ status: 'CONFIRMED' });
    return { sku, customerId, orderId };
  }

  /** Waits for every one of the orders to settle. */
  allSettled(orderIds: string[], timeoutMs?: number): Promise<Order[]> {
    return Promise.all(orderIds.map((orderId) => this.settled(orderId, timeoutMs)));
  }

  /**
   * Waits for the saga to end CANCELLED for `reason`, and checks the customer was told why,
   * once.
   */
  async cancelledFor(orderId: string, reason: string, timeoutMs?: number): Promise<Order> {
    const order = await this.settled(orderId, timeoutMs);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: reason });
    expect(await this.notified(orderId)).toEqual([
      expect.objectContaining({ kind: 'ORDER_CANCELLED', reason }),
    ]);
    return order;
  }

  async notifications(orderId: string): Promise<Notification[]> {
    return (await this.system.notification.get<Notification[]>(`/notifications?orderId=${orderId}`)).body;
  }

  async payments(orderId: string): Promise<Payment[]> {
    return (await this.system.payment.get<Payment[]>(`/payments?orderId=${orderId}`)).body;
  }

  /** Notifications come last in the saga: wait for `count` of them. */
  notified(orderId: string, count = 1): Promise<Notification[]> {
    return eventually(
      async () => {
        const list = await this.notifications(orderId);
        return list.length >= count ? list : undefined;
      },
      30_000,
      `${count} notification(s) for ${orderId}`,
    );
  }
}

/**
 * What every story starts with: the four services running for the spec file that calls this
 * (see `useSystem`), and a shop to act through them.
 */
export function story(env: Parameters<typeof useSystem>[0] = {}): { system: System; shop: Shop } {
  const system = useSystem(env);
  return { system, shop: new Shop(system) };
}
