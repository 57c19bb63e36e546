import { describe, expect, it } from 'vitest';
import { silentLogger } from '../testing/handler-harness';
import { createServiceApp } from './service-app';

type Check = () => Promise<boolean>;
const up: Check = async () => true;
const down: Check = async () => false;

/** A service app with two readiness checks, both up unless told otherwise. */
const app = (database = up, kafka = up) =>
  createServiceApp({
    service: 'test',
    logger: silentLogger(),
    readiness: [
      { name: 'database', check: database },
      { name: 'kafka', check: kafka },
    ],
  });

describe('service app', () => {
  it('is live whatever its dependencies do', async () => {
    const res = await app(down, down).request('/health');
    expect(res.status).toBe(200);
  });

  it('is ready only when every dependency answers', async () => {
    const res = await app().request('/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ checks: { database: 'up', kafka: 'up' } });
  });

  it('is not ready (503) when one dependency is down or its check throws', async () => {
    const kafkaDown = await app(up, down).request('/ready');
    expect(kafkaDown.status).toBe(503);
    expect(await kafkaDown.json()).toMatchObject({ checks: { database: 'up', kafka: 'down' } });
    const throwing = await app(() => Promise.reject(new Error('ECONNREFUSED'))).request('/ready');
    expect(throwing.status).toBe(503);
  });

  it('answers unknown routes and oversized bodies with problem+json', async () => {
    const unknown = await app().request('/nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    const big = await app().request('/anything', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves its docs page and OpenAPI document', async () => {
    const service = app();
    expect((await service.request('/docs')).status).toBe(200);
    expect((await service.request('/docs/swagger-ui-bundle.js')).status).toBe(200);
    expect(await (await service.request('/openapi.json')).json()).toMatchObject({ openapi: '3.1.0' });
  });
});

describe('request bodies', () => {
  it('refuses JSON that is not UTF-8 before any route sees it', async () => {
    const service = app();
    service.post('/echo', async (c) => c.json(await c.req.json()));
    const invalid = await service.request('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'BODY_NOT_UTF8' });
    const valid = await service.request('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'é ✓' }),
    });
    expect(await valid.json()).toEqual({ a: 'é ✓' });
  });
});
