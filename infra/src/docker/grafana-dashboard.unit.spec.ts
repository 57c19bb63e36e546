import { describe, expect, it } from 'vitest';
import { dashboard, seriesIn, seriesQueried } from './grafana-dashboard';

describe('the series a PromQL expression reads', () => {
  it('are its metric names, not its functions, aggregations, grouping labels or Grafana ranges', () => {
    expect(
      seriesIn(
        'histogram_quantile(0.99, sum by (le, route) (rate(saga_http_request_duration_seconds_bucket[$__rate_interval])))',
      ),
    ).toEqual(['saga_http_request_duration_seconds_bucket']);
  });

  it('leave out label matchers, whatever their regular expressions hold, and numbers', () => {
    expect(
      seriesIn('sum(rate(saga_orders_total{event="created",route!~"/a{1}|/b"}[5m])) * 1e3 / on (service) up'),
    ).toEqual(['saga_orders_total', 'up']);
  });

  it('count each series once, across the operands of a binary operation', () => {
    expect(
      seriesIn(
        'rate(saga_duration_seconds_sum[1m]) / rate(saga_duration_seconds_count[1m]) or saga_duration_seconds_sum',
      ),
    ).toEqual(['saga_duration_seconds_sum', 'saga_duration_seconds_count']);
  });
});

describe('the saga platform dashboard', () => {
  it('gives every panel a query, and queries only the platform’s own metrics', () => {
    for (const panel of dashboard.panels) expect(panel.targets.length, panel.title).toBeGreaterThan(0);
    expect(seriesQueried().filter((series) => !series.startsWith('saga_'))).toEqual([]);
  });
});
