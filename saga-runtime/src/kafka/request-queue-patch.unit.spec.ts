import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// kafkajs's per-connection request queue, as patched in patches/kafkajs@2.2.4.patch: a queue with
// nothing pending must not keep a timer armed (upstream re-armed one every millisecond).
type RequestQueue = {
  pending: unknown[];
  throttledUntil: number;
  checkPendingRequests(): void;
  push(request: {
    entry: {
      correlationId: number;
      apiKey: number;
      apiName: string;
      apiVersion: number;
      resolve(): void;
      reject(): void;
    };
    expectResponse: boolean;
    sendRequest(): void;
  }): void;
};
const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as new (
  options: Record<string, unknown>,
) => RequestQueue;

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const queue = () =>
  new RequestQueue({
    maxInFlightRequests: null,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'test',
    broker: 'localhost:9092',
    logger: silent,
  });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('kafkajs request queue (patched)', () => {
  it('given nothing pending, when it checks its queue (as after every answered request), then no timer stays armed', () => {
    const idle = queue();
    idle.checkPendingRequests();
    idle.checkPendingRequests();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('given the broker throttles it, then a queued request is sent once the throttle ends, and the queue goes quiet again', async () => {
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 100;
    const sent: number[] = [];
    throttled.push({
      entry: { correlationId: 1, apiKey: 1, apiName: 'Fetch', apiVersion: 11, resolve() {}, reject() {} },
      expectResponse: false,
      sendRequest: () => sent.push(1),
    });
    expect(sent).toEqual([]);
    expect(vi.getTimerCount()).toBe(1);

    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual([1]);
    expect(throttled.pending).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
