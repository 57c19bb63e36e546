import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@saga/infra/settings';
import { Pool } from 'undici';
import { describe, expect, it } from 'vitest';
import { eventually } from './support/eventually';
import { type Order, story } from './support/shop';

const { system, shop } = story();

interface Answer {
  status: number;
  body: { orderId?: string } | string | null;
  /** When the answer arrived: shows which requests overlapped. */
  at: number;
}

async function send(
  pool: Pool,
  method: 'GET' | 'POST',
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const response = await pool.request({ method, path, ...init });
  const text = await response.body.text();
  let body: Answer['body'] = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: keep the text, it is what a failure report needs
  }
  return { status: response.statusCode, body, at: performance.now() };
}

const orderIdOf = (answer: Answer) => (typeof answer.body === 'object' ? answer.body?.orderId : undefined);

const postRaw = (path: string, body: string | Buffer, contentType = 'application/json') =>
  fetch(`${system.order.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('Someone sends hostile HTTP requests', () => {
  it('deeply nested JSON gets a 4xx problem, not a crash', async () => {
    const deep = `{"customerId":"x","items":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const response = await postRaw('/orders', deep);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('invalid UTF-8 gets a 400 problem and nothing is written', async () => {
    const customerId = `utf8-${randomUUID().slice(0, 8)}`;
    const body = Buffer.concat([
      Buffer.from(`{"customerId":"${customerId}`),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('","items":[{"sku":"SKU-TEA","quantity":1}]}'),
    ]);
    const response = await postRaw('/orders', body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'BODY_NOT_UTF8' });
    const listed = (await system.order.get<{ orders: unknown[] }>(`/orders?customerId=${customerId}`)).body;
    expect(listed.orders).toEqual([]);
  });

  it.each([
    ['text/plain', 'hello'],
    ['application/x-www-form-urlencoded', 'customerId=x'],
    ['application/xml', '<order/>'],
  ])('content type %s gets a 4xx problem', async (contentType, body) => {
    const response = await postRaw('/orders', body, contentType);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('1 000 concurrent cancels of one order: exactly one succeeds, the rest are 409, no 5xx', {
    timeout: 120_000,
  }, async () => {
    const hat = await shop.stockProduct({ available: 5 });
    const customerId = await shop.openAccount(10_000);
    const placed = await system.order.post<{ orderId: string }>('/orders', {
      customerId,
      items: [{ sku: hat.sku, quantity: 1 }],
    });

    const statuses = await Promise.all(
      Array.from(
        { length: 1000 },
        async () =>
          (await fetch(`${system.order.baseUrl}/orders/${placed.body.orderId}/cancel`, { method: 'POST' }))
            .status,
      ),
    );

    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(999);
  });
  it('10 000 concurrent copies of one order, read and cancelled meanwhile: one order, one saga, no 5xx', {
    timeout: 60_000,
  }, async () => {
    const kettle = await shop.stockProduct({ available: 5 });
    const customerId = await shop.openAccount(10_000);
    const post = {
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ customerId, items: [{ sku: kettle.sku, quantity: 1 }] }),
    };
    // All requests are issued at once, but through a bounded pool: the server sees 64 (+16)
    // requests at a time for the whole burst, and the client does not run out of sockets.
    const placing = new Pool(system.order.baseUrl, { connections: 64 });
    const following = new Pool(system.order.baseUrl, { connections: 16 });
    try {
      const posts = Array.from({ length: 10_000 }, () => send(placing, 'POST', '/orders', post));
      const orderId = orderIdOf(await Promise.race(posts));
      // Reads and cancels go through their own connections, so they meet the POSTs still queued.
      const follows = Array.from({ length: 1_000 }, (_, i) =>
        i % 5 === 0
          ? send(following, 'POST', `/orders/${orderId}/cancel`)
          : send(following, 'GET', `/orders/${orderId}`),
      );
      const [placed, followed] = await Promise.all([Promise.all(posts), Promise.all(follows)]);
      const cancels = followed.filter((_, i) => i % 5 === 0);
      const reads = followed.filter((_, i) => i % 5 !== 0);

      expect([...placed, ...followed].filter((answer) => answer.status >= 500)).toEqual([]);
      expect(new Set(placed.map((answer) => `${answer.status} ${orderIdOf(answer)}`))).toEqual(
        new Set([`202 ${orderId}`]),
      );
      expect(new Set(reads.map((answer) => `${answer.status} ${orderIdOf(answer)}`))).toEqual(
        new Set([`200 ${orderId}`]),
      );
      expect(cancels.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(cancels.filter((answer) => answer.status === 409)).toHaveLength(cancels.length - 1);
      // The burst really interleaved: POSTs were still being answered after the order was cancelled.
      const cancelled = Math.min(
        ...cancels.filter((answer) => answer.status === 200).map((answer) => answer.at),
      );
      expect(placed.some((answer) => answer.at > cancelled)).toBe(true);
    } finally {
      await Promise.all([placing.close(), following.close()]);
    }

    const listed = await system.order.get<{ orders: Order[] }>(`/orders?customerId=${customerId}`);
    expect(listed.body.orders).toHaveLength(1);
    const [order] = listed.body.orders as [Order];
    expect(await shop.settled(order.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'CUSTOMER_CANCELLED',
    });
    const told = await eventually(async () => {
      const list = await shop.notifications(order.orderId);
      return list.some((n) => n.kind === 'ORDER_CANCELLED') ? list : undefined;
    });
    expect(told.filter((n) => n.kind === 'ORDER_CANCELLED')).toHaveLength(1);
    const timeline = await eventually(async () => {
      const { body } = await system.order.get<{ events: { type: string }[] }>(
        `/orders/${order.orderId}/timeline`,
      );
      return body.events.some((event) => event.type === 'order.cancelled') ? body.events : undefined;
    });
    expect(timeline.filter((event) => event.type === 'order.created')).toHaveLength(1);
    expect(timeline.filter((event) => event.type === 'order.cancelled')).toHaveLength(1);
  });
  it('wrong or missing admin tokens are refused, and no secret ends up in any service log', async () => {
    const body = { name: 'Stolen', priceCents: 1, available: 1 };
    const put = (headers: Record<string, string>) =>
      fetch(`${system.inventory.baseUrl}/products/HACKED-1`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await put({})).status).toBe(401);
    expect((await put({ authorization: 'Bearer not-the-token' })).status).toBe(403);
    expect((await system.inventory.get('/products/HACKED-1')).status).toBe(404);

    const adminToken = process.env.ADMIN_TOKEN ?? 'dev-admin-token';
    // Logs are written once per event-loop turn; give the last lines a moment to land.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const name of ['order', 'inventory', 'payment', 'notification']) {
      const log = await readFile(join(repoRoot, 'test-output', 'e2e-logs', `${name}.log`), 'utf8');
      expect(log.length).toBeGreaterThan(0);
      for (const secret of [adminToken, 'not-the-token', 'postgres:postgres@'])
        expect(log).not.toContain(secret);
    }
  });
});
