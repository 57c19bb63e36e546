import { Counter, Histogram, type Registry } from 'prom-client';

/** prom-client's default collectors, which keep the standard names every Node exporter uses. */
const standard = /^(process|nodejs)_/;

/**
 * Where a registry's own metrics break Prometheus' naming conventions: one `saga_` prefix, counters
 * and only counters in `_total`, histograms named after their base unit. (prom-client itself
 * refuses a metric without help text.)
 */
export function namingProblems(registry: Registry): string[] {
  return registry.getMetricsAsArray().flatMap((metric) => {
    const { name } = metric;
    if (standard.test(name)) return [];
    const counter = metric instanceof Counter;
    const problems = [
      !name.startsWith('saga_') && 'has no saga_ prefix',
      counter !== name.endsWith('_total') &&
        (counter ? 'is a counter without _total' : 'ends in _total but is not a counter'),
      metric instanceof Histogram &&
        !/_(seconds|bytes)$/.test(name) &&
        'is a histogram without its base unit',
      /_(milliseconds|ms|minutes|hours|kilobytes|megabytes)(_|$)/.test(name) && 'is not in a base unit',
    ];
    return problems.filter((problem) => problem !== false).map((problem) => `${name} ${problem}`);
  });
}
