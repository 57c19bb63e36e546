import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import { Client, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../testing/handler-harness';
import { createServiceApp } from './service-app';

// A real Node HTTP server on a free port: the defect lives between @hono/node-server and Node's
// http server, which `app.request()` never reaches. Nothing outside this process is needed.
const maxBodyBytes = 1024 * 1024;
const app = createServiceApp({ service: 'test', logger: silentLogger(), readiness: [] });
app.post('/echo', async (c) => c.json({ received: (await c.req.text()).length }));
const server = serve({
  // Answering only once the client has written the whole body (it fits in the socket buffers) is
  // the case that broke: a client still writing when the answer comes drops the connection itself.
  fetch: async (request, env) => {
    await sleep(100);
    return app.fetch(request, env);
  },
  port: 0,
  hostname: '127.0.0.1',
});
let connections = 0;
server.on('connection', () => connections++);
let base = '';
// One keep-alive connection, reused for every request: a pool (fetch's default agent) may open a
// second one while the first settles, and only a later request then lands on the broken one.
let client: Client;

beforeAll(async () => {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new Client(base, { keepAliveTimeout: 10_000 });
});

afterAll(async () => {
  await client.close();
  await new Promise((resolve) => server.close(resolve));
});

const post = (body: string | AsyncIterable<Uint8Array>) =>
  fetch(`${base}/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
    dispatcher: client,
  });

/** A body sent in chunks with no Content-Length, so the server only learns its size by reading it. */
async function* chunked(bytes: number): AsyncIterable<Uint8Array> {
  for (let left = bytes; left > 0; left -= 64 * 1024)
    yield new Uint8Array(Math.min(left, 64 * 1024)).fill(0x20);
}

async function expectRefusedThenServed(oversize: () => string | AsyncIterable<Uint8Array>) {
  const refused = await post(oversize());
  expect(refused.status).toBe(413);
  expect(refused.headers.get('content-type')).toBe('application/problem+json');
  expect(await refused.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  const next = await post('{"a":1}');
  expect(next.status).toBe(200);
  expect(await next.json()).toEqual({ received: 7 });
}

describe('a refused body on a keep-alive connection', () => {
  it('leaves the connection usable after a 413 for a Content-Length over the limit', async () => {
    const before = connections;
    await expectRefusedThenServed(() => 'x'.repeat(maxBodyBytes + 1));
    // The same connection served both: the one a keep-alive client reuses is the one that broke.
    expect(connections - before).toBe(1);
  });

  it('leaves the connection usable after a 413 for a chunked body over the limit', async () => {
    await expectRefusedThenServed(() => chunked(2 * maxBodyBytes));
  });

  it('keeps serving when refusals follow one another', async () => {
    for (let i = 0; i < 3; i++) await expectRefusedThenServed(() => 'x'.repeat(maxBodyBytes + 1));
  });
});
