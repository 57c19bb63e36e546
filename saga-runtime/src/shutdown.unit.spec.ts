import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger';
import { onShutdown, type ShutdownOptions } from './shutdown';

function setup(options: ShutdownOptions = {}) {
  const entries: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 't',
    stream: { write: (l: string) => entries.push(JSON.parse(l)) },
  });
  const emitter = new EventEmitter();
  const exit = vi.fn<(code: number) => void>();
  const registry = onShutdown(logger, { process: emitter, exit, ...options });
  return { registry, emitter, exit, entries };
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('onShutdown', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs closers in reverse order on SIGTERM, one after another, then exits 0', async () => {
    const { registry, emitter, exit, entries } = setup();
    const order: string[] = [];
    const http = deferred();
    registry.add('database', () => {
      order.push('database');
    });
    registry.add('http', async () => {
      order.push('http:start');
      await http.promise;
      order.push('http:end');
    });
    emitter.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['http:start']);
    http.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['http:start', 'http:end', 'database']);
    expect(exit).toHaveBeenCalledExactlyOnceWith(0);
    const closed = entries.filter((e) => e.msg === 'closed').map((e) => e.closer);
    expect(closed).toEqual(['http', 'database']);
    expect(entries[0]).toMatchObject({ msg: 'shutting down', reason: 'SIGTERM' });
  });

  it('keeps closing after one closer fails, then exits 1', async () => {
    const { registry, emitter, exit, entries } = setup();
    const closedDb = vi.fn();
    registry.add('database', closedDb);
    registry.add('kafka', () => Promise.reject(new Error('broker gone')));
    emitter.emit('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    expect(closedDb).toHaveBeenCalled();
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(entries.find((e) => e.msg === 'closing failed')).toMatchObject({
      level: 'error',
      closer: 'kafka',
      err: { message: 'broker gone' },
    });
  });

  it('exits 1 when the deadline passes, without running the remaining closers', async () => {
    const { registry, emitter, exit } = setup({ timeoutMs: 1_000 });
    const later = vi.fn();
    registry.add('later', later);
    registry.add('stuck', () => new Promise(() => {}));
    emitter.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(999);
    expect(exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(later).not.toHaveBeenCalled();
  });

  it('forces exit when the same signal comes again (a second Ctrl-C)', async () => {
    const { registry, emitter, exit, entries } = setup();
    registry.add('stuck', () => new Promise(() => {}));
    emitter.emit('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    emitter.emit('SIGINT');
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(entries.at(-1)).toMatchObject({ level: 'warn', signal: 'SIGINT' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it("finishes gracefully when Ctrl-C's SIGINT is followed by its supervisor's SIGTERM", async () => {
    const { registry, emitter, exit, entries } = setup();
    const slow = deferred();
    const close = vi.fn(() => slow.promise);
    registry.add('relay', close);
    emitter.emit('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    emitter.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(0);
    expect(exit).not.toHaveBeenCalled();
    expect(entries.at(-1)).toMatchObject({ level: 'info', msg: 'already shutting down', signal: 'SIGTERM' });
    slow.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(close).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledExactlyOnceWith(0);
  });

  it('can be started without a signal and runs only once', async () => {
    const { registry, exit } = setup();
    const close = vi.fn();
    registry.add('db', close);
    const first = registry.shutdown('fatal consumer error');
    const second = registry.shutdown('again');
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all([first, second]);
    expect(close).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledExactlyOnceWith(0);
  });

  it('listens only to the given signals', () => {
    const { emitter } = setup({ signals: ['SIGUSR2'] });
    expect(emitter.listenerCount('SIGUSR2')).toBe(1);
    expect(emitter.listenerCount('SIGTERM')).toBe(0);
  });
});
