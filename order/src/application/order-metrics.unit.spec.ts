import { createMetrics } from '@saga/saga-runtime';
import { namingProblems } from '@saga/saga-runtime/testing';
import { describe, expect, it } from 'vitest';
import type { Order } from '../domain/order';
import { countOrder, orderMetrics } from './order-metrics';

const placedAt = new Date('2026-03-01T12:00:00.000Z');
const seconds = (n: number) => new Date(placedAt.getTime() + n * 1000);
const pending = {
  status: 'PENDING',
  cancellationReason: null,
  createdAt: placedAt,
  settledAt: null,
} as Order;
const confirmed = { ...pending, status: 'CONFIRMED', settledAt: seconds(0.3) } as Order;
const cancelled = (reason: NonNullable<Order['cancellationReason']>, settledAt: Date | null) =>
  ({ ...pending, status: 'CANCELLED', cancellationReason: reason, settledAt }) as Order;

describe('the order service’s metrics', () => {
  it('are on /metrics once the service registered them, however many parts of the service ask for them', async () => {
    const metrics = createMetrics('order');
    expect(orderMetrics(metrics)).toEqual(orderMetrics(metrics));
    const text = await metrics.registry.metrics();
    expect(text).toContain('# HELP saga_orders_total Orders created, confirmed and cancelled (by reason)');
    expect(text).toContain('# TYPE saga_orders_total counter');
    expect(text).toContain('# TYPE saga_duration_seconds histogram');
    expect(namingProblems(metrics.registry)).toEqual([]);
  });

  it('count orders created, confirmed and cancelled by reason, under the service label', async () => {
    const metrics = createMetrics('order');
    countOrder({ metrics }, null, pending);
    countOrder({ metrics }, pending, confirmed);
    countOrder({ metrics }, pending, cancelled('TIMED_OUT', seconds(301)));
    const text = await metrics.registry.metrics();
    expect(text).toContain('saga_orders_total{event="created",reason="",service="order"} 1');
    expect(text).toContain('saga_orders_total{event="confirmed",reason="",service="order"} 1');
    expect(text).toContain('saga_orders_total{event="cancelled",reason="TIMED_OUT",service="order"} 1');
  });

  it('time each saga from its order created to settled, by outcome, once: a later cancel is no second outcome', async () => {
    const metrics = createMetrics('order');
    countOrder({ metrics }, null, pending);
    countOrder({ metrics }, pending, confirmed);
    countOrder({ metrics }, confirmed, cancelled('CUSTOMER_CANCELLED', confirmed.settledAt));
    countOrder({ metrics }, pending, cancelled('TIMED_OUT', seconds(301)));
    const { values } = await orderMetrics(metrics).sagaDuration.get();
    const by = (series: string) =>
      Object.fromEntries(
        values
          .filter((value) => value.metricName === `saga_duration_seconds_${series}`)
          .map((value) => [`${value.labels.outcome} ${value.labels.reason}`, value.value]),
      );
    expect(by('count')).toEqual({ 'confirmed ': 1, 'cancelled TIMED_OUT': 1 });
    expect(by('sum')).toEqual({ 'confirmed ': 0.3, 'cancelled TIMED_OUT': 301 });
  });

  it('count nothing, and fail nothing, where no registry is given', () => {
    expect(() => countOrder({}, null, pending)).not.toThrow();
  });
});
