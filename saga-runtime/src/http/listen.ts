import type { Server } from 'node:http';
import { serve } from '@hono/node-server';

export interface ListenOptions {
  port: number;
  hostname?: string;
  /** How long an idle keep-alive connection stays open (HTTP_KEEP_ALIVE_TIMEOUT). */
  keepAliveTimeoutMs: number;
}

/**
 * Serves `fetch` over HTTP/1.1. Node closes an idle keep-alive connection after 5 s, and a client
 * that sends its next request while that close is on its way gets ECONNRESET: the bench's
 * customers, who wait for their saga's outcome before ordering again, saw a dozen per run. So the
 * server waits longer than clients and load balancers do (60 s for most), and they close first.
 */
export function listen(
  fetch: Parameters<typeof serve>[0]['fetch'],
  { port, hostname = '0.0.0.0', keepAliveTimeoutMs }: ListenOptions,
): Server {
  const server = serve({ fetch, port, hostname }) as Server;
  server.keepAliveTimeout = keepAliveTimeoutMs;
  // A request's headers must still be allowed to arrive on a connection kept that long.
  server.headersTimeout = Math.max(server.headersTimeout, keepAliveTimeoutMs + 1_000);
  return server;
}
