import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { story } from './support/shop';

const { system, shop } = story();

const ordersOf = async (customerId: string) =>
  (await system.order.get<{ orders: unknown[] }>(`/orders?customerId=${customerId}`)).body.orders;

describe('A client sends a bad order request', () => {
  const customerId = `bad-input-${randomUUID().slice(0, 8)}`;
  const valid = { customerId, items: [{ sku: 'SKU-COFFEE', quantity: 1 }] };
  const cases: [string, string | Uint8Array, Record<string, string>?][] = [
    ['malformed JSON', '{"customerId": "x", "items": [', undefined],
    ['wrong types', JSON.stringify({ customerId: 42, items: 'many' })],
    ['a negative quantity', JSON.stringify({ ...valid, items: [{ sku: 'SKU-COFFEE', quantity: -1 }] })],
    ['a huge quantity', JSON.stringify({ ...valid, items: [{ sku: 'SKU-COFFEE', quantity: 1_000_000 }] })],
    ['a fractional quantity', JSON.stringify({ ...valid, items: [{ sku: 'SKU-COFFEE', quantity: 1.5 }] })],
    ['no items', JSON.stringify({ ...valid, items: [] })],
    ['a duplicate sku', JSON.stringify({ ...valid, items: [valid.items[0], valid.items[0]] })],
    ['an unknown field', JSON.stringify({ ...valid, coupon: 'FREE' })],
    ['an unsupported currency', JSON.stringify({ ...valid, currency: 'EUR' })],
    // The server answers before reading the body and drops the connection: the client must not reuse it.
    [
      'a body over 1 MB',
      JSON.stringify({ ...valid, customerId: 'x'.repeat(1_100_000) }),
      { 'content-type': 'application/json', connection: 'close' },
    ],
    ['a non-JSON content type', 'customerId=x', { 'content-type': 'text/plain' }],
  ];

  it.each(cases)('%s → 4xx problem+json, nothing written', async (_, body, headers) => {
    const response = await system.order.post(
      '/orders',
      body,
      headers ?? { 'content-type': 'application/json' },
    );

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status: response.status,
      code: expect.any(String),
      detail: expect.any(String),
    });
    expect(await ordersOf(customerId)).toEqual([]);
  });

  it('asks for an order that does not exist → 404, or with a malformed id → 400', async () => {
    expect((await system.order.get(`/orders/${randomUUID()}`)).status).toBe(404);
    expect((await system.order.get('/orders/not-a-uuid')).status).toBe(400);
  });
});

describe('A client retries a request', () => {
  it('with the same Idempotency-Key and body gets the same order and no second saga', async () => {
    const bowl = await shop.stockProduct({ available: 10 });
    const ivan = await shop.openAccount(100_000);
    const key = randomUUID();
    const body = { customerId: ivan, items: [{ sku: bowl.sku, quantity: 1 }] };

    const responses = await Promise.all(
      [1, 2, 3].map(() => system.order.post('/orders', body, { 'idempotency-key': key })),
    );

    expect(responses.map((r) => r.status)).toEqual([202, 202, 202]);
    const ids = new Set(responses.map((r) => (r.body as { orderId: string }).orderId));
    expect(ids.size).toBe(1);
    const [orderId] = [...ids] as [string];
    expect(responses[0]?.headers.get('location')).toBe(`/orders/${orderId}`);
    expect(await shop.settled(orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await ordersOf(ivan)).toHaveLength(1);
  });

  it('with the same Idempotency-Key but another body is refused with 422', async () => {
    const jug = await shop.stockProduct({ available: 10 });
    const judy = await shop.openAccount(100_000);
    const key = randomUUID();
    const first = await system.order.post(
      '/orders',
      { customerId: judy, items: [{ sku: jug.sku, quantity: 1 }] },
      { 'idempotency-key': key },
    );
    const second = await system.order.post(
      '/orders',
      { customerId: judy, items: [{ sku: jug.sku, quantity: 2 }] },
      { 'idempotency-key': key },
    );

    expect(first.status).toBe(202);
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await ordersOf(judy)).toHaveLength(1);
  });
});
