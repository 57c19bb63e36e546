import { type Context, type Span, trace } from '@opentelemetry/api';
import type { Logger } from '../logger';
import {
  carrierOf,
  contextFrom,
  dbAttributes,
  failSpan,
  inSpan,
  SpanKind,
  sagaAttributes,
  tracer,
} from '../telemetry/spans';
import { headerNames } from './headers';
import type { LeaderSession, OutboxRow, OutboxStore } from './outbox-store';
import type { OutgoingRecord, Publish } from './publish';

export interface RelayOptions {
  store: OutboxStore;
  publish: Publish;
  encode(topic: string, value: unknown): Promise<Buffer>;
  logger: Logger;
  batchSize?: number;
  /** Fallback poll for when a notification is missed (e.g. the listener reconnecting). */
  pollIntervalMs?: number;
  onPublished?(rows: { topic: string }[]): void;
}

export interface Relay {
  start(): void;
  /** Stops relaying; the leader first publishes everything committed so far. */
  stop(): Promise<void>;
}

/**
 * Forwards the outbox to Kafka in id order. Only one instance of a service relays at a time
 * (the store's leadership): two relays would race and could reorder a key's events.
 */
export function createRelay(options: RelayOptions): Relay {
  const { store, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let running = false;
  let wake: (() => void) | undefined;
  // A notification that arrived while publishing: the next nap must not sleep through it.
  let signalled = false;
  let loop: Promise<void> | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  // Published but not marked yet: the next cycle's read marks them, saving a statement per cycle.
  // A crash before that publishes them again, which consumers' inboxes absorb.
  let sent: string[] = [];

  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      if (signalled) {
        signalled = false;
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  const signal = () => {
    if (wake) wake();
    else signalled = true;
  };

  async function forwardBatch(session: LeaderSession): Promise<number> {
    // Another instance may lead by now: publishing on would race it.
    if (!session.leading()) throw new Error('the relay lost its leadership: its session closed');
    const rows = await store.unpublished(batchSize, sent);
    sent = [];
    if (rows.length === 0) return 0;
    const parents = rows.map((row) => contextFrom(row.headers));
    const links = parents.flatMap((parent) => {
      const context = trace.getSpanContext(parent);
      return context ? [{ context }] : [];
    });
    await inSpan(
      'outbox relay batch',
      { attributes: { ...dbAttributes('relay', 'outbox'), 'outbox.rows': rows.length }, links },
      () => publishRows(rows, parents),
    );
    sent = rows.map((row) => row.id);
    options.onPublished?.(rows);
    return rows.length;
  }

  // One PRODUCER span per event, child of the transaction that wrote it (its stored trace
  // context); the span's own context travels in the headers, so consumers continue this trace.
  async function publishRows(rows: OutboxRow[], parents: Context[]): Promise<void> {
    const spans: Span[] = [];
    const records: OutgoingRecord[] = [];
    try {
      for (const [index, row] of rows.entries()) {
        const parent = parents[index]!;
        const span = tracer().startSpan(
          `${row.topic} publish`,
          {
            kind: SpanKind.PRODUCER,
            attributes: {
              'messaging.system': 'kafka',
              'messaging.operation.type': 'send',
              'messaging.destination.name': row.topic,
              'messaging.message.id': row.eventId,
              [sagaAttributes.orderId]: row.key,
              [sagaAttributes.eventId]: row.eventId,
              [sagaAttributes.eventType]: row.topic,
            },
          },
          parent,
        );
        spans.push(span);
        records.push({
          topic: row.topic,
          key: row.key,
          value: await options.encode(row.topic, row.payload),
          headers: {
            ...row.headers,
            ...carrierOf(trace.setSpan(parent, span)),
            [headerNames.eventId]: row.eventId,
          },
        });
      }
      // Rows came in id order, and the port keeps the order of a topic's records.
      await options.publish(records);
    } catch (error) {
      for (const span of spans) failSpan(span, error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  async function lead(session: LeaderSession): Promise<boolean> {
    while (running) {
      if (await session.tryLead()) {
        // Operators (and the broker-loss story) see which instance relays, and when that changed.
        logger.info('outbox relay leads', { pid: process.pid });
        return true;
      }
      await nap(pollIntervalMs);
    }
    return false;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      // A fresh session per attempt: the leadership dies with a broken connection, and so must we.
      let session: LeaderSession | undefined;
      try {
        session = await store.session();
        if (!(await lead(session))) break;
        while (running) {
          const forwarded = await forwardBatch(session);
          failures = 0;
          if (forwarded < batchSize) await nap(pollIntervalMs);
        }
        // Shutting down as the leader: publish what has committed before letting go (the last,
        // empty, read marks what was sent).
        while ((await forwardBatch(session)) > 0) {}
      } catch (error) {
        failures += 1;
        // Kafka, the registry or Postgres is away: everything stays in the outbox meanwhile.
        const delay = Math.min(30_000, 200 * 2 ** Math.min(failures, 8)) * (0.5 + Math.random() / 2);
        logger.warn('outbox relay failed; retrying', {
          err: error,
          attempt: failures,
          retry_in_ms: Math.round(delay),
        });
        if (running) await nap(delay);
      } finally {
        await session?.end();
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      store
        .listen(signal)
        .then((stop) => {
          unlisten = stop;
        })
        .catch((error) => logger.warn('outbox listen failed; polling only', { err: error }));
      loop = run();
    },
    async stop() {
      running = false;
      signal();
      await loop;
      await unlisten?.().catch(() => {});
    },
  };
}
