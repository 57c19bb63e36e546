import { createMetrics } from '@saga/saga-runtime';
import { describe, expect, it } from 'vitest';
import type { Order } from '../domain/order';
import { countOrder, ordersCounter } from './order-metrics';

const order = (status: Order['status'], cancellationReason: Order['cancellationReason'] = null) =>
  ({ status, cancellationReason }) as Order;

describe('saga_orders_total', () => {
  it('is on /metrics once the service registered it, however many parts of the service ask for it', async () => {
    const metrics = createMetrics('order');
    expect(ordersCounter(metrics)).toBe(ordersCounter(metrics));
    const text = await metrics.registry.metrics();
    expect(text).toContain('# HELP saga_orders_total Orders created, confirmed and cancelled (by reason)');
    expect(text).toContain('# TYPE saga_orders_total counter');
  });

  it('counts orders created, confirmed and cancelled by reason, under the service label', async () => {
    const metrics = createMetrics('order');
    countOrder({ metrics }, order('PENDING'));
    countOrder({ metrics }, order('CONFIRMED'));
    countOrder({ metrics }, order('CANCELLED', 'TIMED_OUT'));
    const text = await metrics.registry.metrics();
    expect(text).toContain('saga_orders_total{event="created",reason="",service="order"} 1');
    expect(text).toContain('saga_orders_total{event="confirmed",reason="",service="order"} 1');
    expect(text).toContain('saga_orders_total{event="cancelled",reason="TIMED_OUT",service="order"} 1');
  });

  it('counts nothing, and fails nothing, where no registry is given', () => {
    expect(() => countOrder({}, order('PENDING'))).not.toThrow();
  });
});
