import type { Kafka } from 'kafkajs';
import type postgres from 'postgres';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { groupLag } from '../kafka/admin';

/** Every service's Prometheus metrics, served on GET /metrics. */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  eventsConsumed: Counter<'topic'>;
  handlerDuration: Histogram<'topic'>;
  eventsProduced: Counter<'topic'>;
  duplicatesSkipped: Counter<'topic'>;
  deadLettered: Counter<'group' | 'topic' | 'code'>;
  rowsPruned: Counter<'table'>;
}

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // Prometheus' conventions: one `saga_` prefix, the base unit in the name, counters in `_total`.
  // The process_ and nodejs_ defaults keep their standard names.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: 'saga_http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    eventsConsumed: new Counter({
      name: 'saga_events_consumed_total',
      help: 'Events handled, by topic',
      labelNames: ['topic'],
      registers,
    }),
    handlerDuration: new Histogram({
      name: 'saga_event_handler_duration_seconds',
      help: 'Time to decode, apply and commit one event, by topic',
      labelNames: ['topic'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    eventsProduced: new Counter({
      name: 'saga_events_produced_total',
      help: 'Events published by the outbox relay, by topic',
      labelNames: ['topic'],
      registers,
    }),
    duplicatesSkipped: new Counter({
      name: 'saga_events_duplicates_skipped_total',
      help: 'Redelivered events acknowledged without effects',
      labelNames: ['topic'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'saga_events_dead_lettered_total',
      help: 'Messages sent to the dead-letter topic, by consumer group, topic and error code',
      labelNames: ['group', 'topic', 'code'],
      registers,
    }),
    rowsPruned: new Counter({
      name: 'saga_retention_rows_pruned_total',
      help: 'Rows deleted because their retention passed, by table (parked_keys: dead letters discarded)',
      labelNames: ['table'],
      registers,
    }),
  };
}

/** Gauges computed when scraped: the outbox backlog and its oldest row's age. */
export function registerOutboxGauges(metrics: Metrics, sql: postgres.Sql): void {
  const query = async () => {
    const [row] = await sql<{ backlog: number; oldest: number | null }[]>`
      select count(*)::int as backlog, extract(epoch from now() - min(created_at))::float8 as oldest
      from outbox where published_at is null`;
    return row ?? { backlog: 0, oldest: null };
  };
  // A scrape collects both gauges at once: they share the one query under way.
  let reading: ReturnType<typeof query> | undefined;
  const read = () => {
    reading ??= query().finally(() => {
      reading = undefined;
    });
    return reading;
  };
  new Gauge({
    name: 'saga_outbox_backlog_rows',
    help: 'Outbox rows not yet published',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).backlog);
    },
  });
  new Gauge({
    name: 'saga_outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished outbox row (0 when none)',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).oldest ?? 0);
    },
  });
}

/**
 * Consumer lag per partition (log end offset minus committed offset), read from the broker on scrape.
 * Not from the batches the consumer fetches: this costs a few admin requests per scrape and nothing
 * per message, and it keeps growing while a group is stuck or has no member, which is when it matters.
 */
export function registerConsumerLag(
  metrics: Metrics,
  kafka: Kafka,
  groups: { groupId: string; topics: string[] }[],
): void {
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  new Gauge({
    name: 'saga_consumer_lag_messages',
    help: 'Messages not yet committed by this service’s consumer group',
    labelNames: ['group', 'topic', 'partition'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      try {
        connected ??= admin.connect();
        await connected;
        for (const { groupId, topics } of groups) {
          for (const row of await groupLag(admin, groupId, topics)) {
            this.set({ group: groupId, topic: row.topic, partition: String(row.partition) }, row.lag);
          }
        }
      } catch {
        connected = undefined;
      }
    },
  });
}
