import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, testApp } from './test-app';

const put = (body: unknown, headers: Record<string, string> = {}, customerId = 'alice') => {
  const { app, reached } = testApp();
  const response = app.request(`/accounts/${customerId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { response, reached };
};

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('GET /accounts/{customerId}', () => {
  it('refuses a customer id longer than 64 characters', async () => {
    const { app, reached } = testApp();
    const res = await app.request(`/accounts/${'c'.repeat(65)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'path.customerId' }],
    });
    expect(reached()).toBe(false);
  });

  it('refuses a customer id with a NUL byte, which Postgres cannot store', async () => {
    const { app, reached } = testApp();
    const res = await app.request('/accounts/ali%00ce');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path: 'path.customerId' }] });
    expect(reached()).toBe(false);
  });

  it('looks up a customer id of 64 characters', async () => {
    const { app, reached } = testApp();
    await app.request(`/accounts/${'c'.repeat(64)}`);
    expect(reached()).toBe(true);
  });
});

describe('PUT /accounts/{customerId}', () => {
  it('answers 401 without a token, before looking at the body', async () => {
    const { response, reached } = put({ nonsense: true });
    const res = await response;
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
    expect(await res.json()).toMatchObject({ code: 'ADMIN_TOKEN_MISSING' });
    expect(reached()).toBe(false);
  });

  it('answers 403 with a wrong token', async () => {
    const { response, reached } = put({ balanceCents: 100 }, { authorization: 'Bearer not-the-token' });
    const res = await response;
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'ADMIN_TOKEN_INVALID' });
    expect(reached()).toBe(false);
  });

  it.each([
    ['a negative balance', { balanceCents: -1 }, 'body.balanceCents'],
    ['a fraction of a cent', { balanceCents: 10.5 }, 'body.balanceCents'],
    ['more than 10^12 cents', { balanceCents: 1_000_000_000_001 }, 'body.balanceCents'],
    ['a string', { balanceCents: '100' }, 'body.balanceCents'],
    ['no balance', {}, 'body.balanceCents'],
    ['an unknown field', { balanceCents: 100, currency: 'USD' }, 'body'],
  ])('answers 400 for %s', async (_, body, path) => {
    const { response, reached } = put(body, admin);
    const res = await response;
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path }] });
    expect(reached()).toBe(false);
  });

  it('answers 400 for malformed JSON', async () => {
    const { response } = put('{"balanceCents":', admin);
    expect(await (await response).json()).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('answers 415 for a body that is not JSON', async () => {
    const { response } = put('balanceCents=1', { ...admin, 'content-type': 'text/plain' });
    expect((await response).status).toBe(415);
  });

  it('answers 400 for a customer id longer than 64 characters', async () => {
    const { response } = put({ balanceCents: 1 }, admin, 'c'.repeat(65));
    expect((await response).status).toBe(400);
  });

  it.each([0, 1_000_000_000_000])('lets a balance of %d through to the database', async (balanceCents) => {
    const { response, reached } = put({ balanceCents }, admin);
    await response;
    expect(reached()).toBe(true);
  });

  it('documents the admin token in the OpenAPI document', async () => {
    const { app } = testApp();
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.paths['/accounts/{customerId}']?.put?.security).toEqual([{ adminToken: [] }]);
    expect(doc.paths['/accounts/{customerId}']?.get?.security).toBeUndefined();
    expect(doc.components.securitySchemes.adminToken).toEqual({ type: 'http', scheme: 'bearer' });
  });
});
