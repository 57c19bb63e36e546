import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openAccount, stockProduct } from './support/shop';
import { useSystem } from './support/system';

const system = useSystem();

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
    const hat = await stockProduct(system, { available: 5 });
    const customerId = await openAccount(system, 10_000);
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
});
