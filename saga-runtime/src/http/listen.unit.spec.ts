import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from './listen';

// A real server on a free port and a raw socket, so that nothing but the server closes it.
const servers: ReturnType<typeof listen>[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function idleConnection(
  keepAliveTimeoutMs: number,
): Promise<{ socket: Socket; closed: () => boolean }> {
  const server = listen(async () => new Response('ok'), {
    port: 0,
    hostname: '127.0.0.1',
    keepAliveTimeoutMs,
  });
  servers.push(server);
  if (!server.listening) await once(server, 'listening');
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  let closed = false;
  socket.on('close', () => {
    closed = true;
  });
  socket.write('GET / HTTP/1.1\r\nhost: test\r\n\r\n');
  const [answer] = (await once(socket, 'data')) as [Buffer];
  expect(answer.toString()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*keep-alive/i);
  socket.on('data', () => {});
  return { socket, closed: () => closed };
}

describe('listen', () => {
  // Node closes the connection about a second after the timeout: its own margin against this race.
  it('keeps an idle keep-alive connection open for the configured time, then closes it', async () => {
    const { socket, closed } = await idleConnection(600);
    await sleep(400);
    expect(closed()).toBe(false);
    await sleep(2_600);
    expect(closed()).toBe(true);
    socket.destroy();
  });

  it('outlasts Node’s 5 s default when told to, and still serves the connection afterwards', async () => {
    const { socket, closed } = await idleConnection(65_000);
    await sleep(6_500);
    expect(closed()).toBe(false);
    socket.write('GET / HTTP/1.1\r\nhost: test\r\n\r\n');
    const [answer] = (await once(socket, 'data')) as [Buffer];
    expect(answer.toString()).toMatch(/^HTTP\/1\.1 200 OK/);
    socket.destroy();
  }, 15_000);
});
