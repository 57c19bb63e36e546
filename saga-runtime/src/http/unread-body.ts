import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';

/**
 * Discards whatever part of the request body the app left unread (a 413 from `bodyLimit`, any
 * refusal before the body is parsed), so the keep-alive connection is at the next request again.
 *
 * Node's http server does this by itself (`req._dump()`), but not once @hono/node-server has
 * wrapped the request in `Readable.toWeb`: the wrapper counts as a consumer, so Node skips the
 * dump, and the wrapper pauses the request whenever its queue is full, which nobody empties any
 * more. The rest of the body then sits unread, the client's next request waits behind it, and
 * @hono/node-server's own drain, stalled by the same pausing, gives up after 500 ms and destroys
 * the socket: the client sees "other side closed". Removing the wrapper's listener and resuming
 * is what `_dump()` does; @hono/node-server still closes the socket if the rest is endless.
 */
export const discardUnreadBody: MiddlewareHandler = async (c, next) => {
  await next();
  const incoming = nodeRequest(c.env);
  if (!incoming || incoming.readableEnded || incoming.destroyed) return;
  incoming.removeAllListeners('data');
  incoming.resume();
};

/** The Node request behind this one when served by @hono/node-server; undefined under `app.request()`. */
function nodeRequest(env: unknown): IncomingMessage | undefined {
  const incoming = (env as { incoming?: unknown } | undefined)?.incoming;
  return incoming && typeof incoming === 'object' && 'socket' in incoming
    ? (incoming as IncomingMessage)
    : undefined;
}
