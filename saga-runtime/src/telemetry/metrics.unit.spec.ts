import type { Kafka } from 'kafkajs';
import type postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { namingProblems } from '../testing/metric-conventions';
import { createMetrics, registerConsumerLag, registerOutboxGauges } from './metrics';

describe('every service’s metrics', () => {
  it('follow Prometheus’ naming conventions, the gauges read on scrape included', () => {
    const metrics = createMetrics('order');
    // Neither is asked anything before a scrape.
    registerOutboxGauges(metrics, {} as postgres.Sql);
    registerConsumerLag(metrics, { admin: () => ({}) } as unknown as Kafka, []);

    expect(namingProblems(metrics.registry)).toEqual([]);
    expect(metrics.registry.getMetricsAsArray().filter(({ name }) => name.startsWith('saga_'))).toHaveLength(
      10,
    );
  });

  it('read the outbox once per scrape for both of its gauges', async () => {
    const metrics = createMetrics('order');
    let queries = 0;
    const sql = (async () => {
      queries += 1;
      return [{ backlog: 3, oldest: 1.5 }];
    }) as unknown as postgres.Sql;
    registerOutboxGauges(metrics, sql);
    const text = await metrics.registry.metrics();
    expect(queries).toBe(1);
    expect(text).toMatch(/^saga_outbox_backlog_rows{service="order"} 3$/m);
    expect(text).toMatch(/^saga_outbox_oldest_unpublished_age_seconds{service="order"} 1.5$/m);
    await metrics.registry.metrics();
    expect(queries).toBe(2);
  });

  it('count dead letters by consumer group, topic and error code, under the service label', async () => {
    const metrics = createMetrics('payment');
    metrics.deadLettered.inc({
      group: 'payment-service',
      topic: 'inventory.reserved',
      code: 'SCHEMA_INVALID',
    });
    expect(await metrics.registry.metrics()).toContain(
      'saga_events_dead_lettered_total{group="payment-service",topic="inventory.reserved",code="SCHEMA_INVALID",service="payment"} 1',
    );
  });
});
