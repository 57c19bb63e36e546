import { type Context, type Span, trace } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import type postgres from 'postgres';
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
import { headerNames } from './event';
import { outboxChannel } from './outbox';

export interface RelayOptions {
  sql: postgres.Sql;
  producer: Producer;
  encode(topic: string, value: unknown): Promise<Buffer>;
  logger: Logger;
  /** Distinguishes services sharing one database server in the leadership lock. */
  service: string;
  batchSize?: number;
  /** Fallback poll for when a notification is missed (e.g. the listener reconnecting). */
  pollIntervalMs?: number;
  /** Published rows are kept this long for inspection, then pruned. */
  retentionMs?: number;
  onPublished?(rows: { topic: string }[]): void;
}

interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string>;
}

export interface Relay {
  start(): void;
  /** Stops relaying; the leader first publishes everything committed so far. */
  stop(): Promise<void>;
}

/**
 * Publishes the outbox to Kafka in id order. Only one instance of a service relays at a time
 * (a session advisory lock): two relays would race and could reorder a key's events.
 */
export function createRelay(options: RelayOptions): Relay {
  const { sql, producer, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const retentionMs = options.retentionMs ?? 24 * 3600_000;
  let running = false;
  let wake: (() => void) | undefined;
  // A notification that arrived while publishing: the next nap must not sleep through it.
  let signalled = false;
  let loop: Promise<void> | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let lastPrune = 0;

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

  async function publishBatch(): Promise<number> {
    const rows = await sql<OutboxRow[]>`
      select id, event_id, topic, message_key, payload, headers
      from outbox where published_at is null order by id limit ${batchSize}`;
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
    await sql`update outbox set published_at = now() where id in ${sql(rows.map((row) => row.id))}`;
    options.onPublished?.(rows);
    return rows.length;
  }

  // One PRODUCER span per event, child of the transaction that wrote it (its stored trace
  // context); the span's own context travels in the headers, so consumers continue this trace.
  async function publishRows(rows: OutboxRow[], parents: Context[]): Promise<void> {
    const spans: Span[] = [];
    const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
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
              'messaging.message.id': row.event_id,
              [sagaAttributes.orderId]: row.message_key,
              [sagaAttributes.eventId]: row.event_id,
              [sagaAttributes.eventType]: row.topic,
            },
          },
          parent,
        );
        spans.push(span);
        const messages = byTopic.get(row.topic) ?? [];
        messages.push({
          key: row.message_key,
          value: await options.encode(row.topic, row.payload),
          headers: {
            ...row.headers,
            ...carrierOf(trace.setSpan(parent, span)),
            [headerNames.eventId]: row.event_id,
          },
        });
        byTopic.set(row.topic, messages);
      }
      // Within a topic-partition, sendBatch keeps array order, and rows came in id order.
      await producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      for (const span of spans) failSpan(span, error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  async function prune(): Promise<void> {
    if (Date.now() - lastPrune < 60_000) return;
    lastPrune = Date.now();
    await sql`delete from outbox
      where published_at is not null and published_at < now() - make_interval(secs => ${retentionMs / 1000})`;
  }

  async function acquireLeadership(leader: postgres.ReservedSql): Promise<boolean> {
    while (running) {
      const [row] = await leader<{ locked: boolean }[]>`
        select pg_try_advisory_lock(hashtextextended(${`outbox-relay:${options.service}`}, 0)) as locked`;
      if (row?.locked) return true;
      await nap(pollIntervalMs);
    }
    return false;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      // A fresh session per attempt: the lock dies with a broken connection, and so must we.
      let leader: postgres.ReservedSql | undefined;
      try {
        leader = await sql.reserve();
        if (!(await acquireLeadership(leader))) break;
        while (running) {
          const published = await publishBatch();
          failures = 0;
          if (published < batchSize) {
            await prune();
            await nap(pollIntervalMs);
          }
        }
        // Shutting down as the leader: publish what has committed before letting go.
        while ((await publishBatch()) > 0) {}
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
        if (leader) {
          await leader`select pg_advisory_unlock_all()`.catch(() => {});
          leader.release();
        }
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      sql
        .listen(outboxChannel, signal)
        .then((subscription) => {
          unlisten = subscription.unlisten;
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
