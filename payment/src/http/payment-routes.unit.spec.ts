import { describe, expect, it } from 'vitest';
import { testApp } from './test-app';

describe('GET /payments', () => {
  it.each([
    ['without an orderId', '/payments', 'query.orderId'],
    ['with an orderId that is not a uuid', '/payments?orderId=order-1', 'query.orderId'],
    ['with an unknown parameter', '/payments?orderId=0f8fad5b-d9cb-469f-a165-70867728950e&x=1', 'query'],
  ])('answers 400 %s', async (_, url, path) => {
    const { app, reached } = testApp();
    const res = await app.request(url);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path }] });
    expect(reached()).toBe(false);
  });

  it('looks up a valid orderId', async () => {
    const { app, reached } = testApp();
    await app.request('/payments?orderId=0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(reached()).toBe(true);
  });
});
