import { processCost } from './process-cost';
import type { BenchResult, Percentiles } from './result';

// Test data only: a hand-built result shaped like a 60 s open-loop run against the full stack.

const percentiles = (p50: number, p90: number, p99: number, max: number, count = 11_950): Percentiles => ({
  count,
  p50,
  p90,
  p99,
  max,
});

/** A fresh copy each call, so a test can break one field without touching the others. */
export function benchFixture(): BenchResult {
  const cost = processCost(
    {
      order: { pid: 4101, cpuSeconds: 21.4, peakRssMb: 182.3 },
      inventory: { pid: 4102, cpuSeconds: 17.9, peakRssMb: 160.8 },
      payment: { pid: 4103, cpuSeconds: 16.2, peakRssMb: 158.1 },
      notification: { pid: 4104, cpuSeconds: 9.7, peakRssMb: 131.0 },
      kafka: { pid: 3001, cpuSeconds: 44.0, peakRssMb: 1_024.6 },
      postgres: { pid: 3002, cpuSeconds: 30.5, peakRssMb: 412.9 },
      registry: { pid: 3003, cpuSeconds: 2.3, peakRssMb: 290.4 },
      jaeger: { pid: 3004, cpuSeconds: 5.1, peakRssMb: 98.2 },
      bench: { pid: 4000, cpuSeconds: 6.0, peakRssMb: 120.5 },
    },
    11_987,
    72,
  );
  return {
    startedAt: '2026-03-04T10:00:00.000Z',
    finishedAt: '2026-03-04T10:01:12.000Z',
    machine: { cpus: 8, cpuModel: 'AMD EPYC 7B13', memoryGiB: 31.3, node: 'v20.19.5', platform: 'linux' },
    settings: {
      mode: 'open',
      preset: null,
      rate: 200,
      concurrency: null,
      durationSeconds: 60,
      mix: { confirmed: 80, outOfStock: 10, declined: 10 },
    },
    totals: {
      offered: 12_000,
      accepted: 11_990,
      completed: 11_987,
      lost: 3,
      duplicated: 0,
      outcomes: { CONFIRMED: 9_590, OUT_OF_STOCK: 1_199, PAYMENT_DECLINED: 1_198 },
      unexpectedOutcomes: 0,
      errors: { 'HTTP 503': 8, ECONNRESET: 2 },
    },
    throughput: { acceptedPerSecond: 199.8, completedPerSecond: 199.2, sustainedCompletedPerSecond: 199.6 },
    latency: {
      endToEnd: percentiles(48.2, 81.5, 143.7, 912.4),
      accept: percentiles(3.1, 5.4, 12.9, 88.0, 11_990),
      steps: {
        'order.created → inventory.reserved': percentiles(11.4, 19.8, 41.2, 230.5),
        'inventory.reserved → payment.authorized': percentiles(13.9, 22.7, 48.8, 301.2),
        'payment.authorized → order.confirmed': percentiles(10.2, 17.3, 39.5, 198.7, 9_590),
        'inventory.rejected → order.cancelled': percentiles(9.8, 15.1, 30.3, 120.0, 1_199),
      },
      relay: percentiles(4.2, 8.8, 21.6, 140.3, 47_950),
    },
    timeline: [
      { second: 0, accepted: 198, completed: 150, p50: 52.1, p99: 160.2 },
      { second: 1, accepted: 201, completed: 199, p50: 47.9, p99: 140.8 },
      { second: 2, accepted: 200, completed: 203, p50: 46.3, p99: 138.1 },
      { second: 3, accepted: 0, completed: 0, p50: null, p99: null },
    ],
    consumerLag: {
      'inventory-service': { max: 42, final: 0 },
      'payment-service': { max: 37, final: 0 },
      'order-service': { max: 55, final: 0 },
      'notification-service': { max: 120, final: 4 },
    },
    processes: cost.processes,
    processTotal: cost.total,
    reference: {
      kafka: {
        recordsPerSecond: 412_345.6,
        mbPerSecond: 196.6,
        recordSize: 500,
        records: 2_000_000,
        avgLatencyMs: 8.4,
        p99LatencyMs: 35.0,
      },
      postgres: { transactionsPerSecond: 8_765.4, connections: 16, seconds: 20 },
    },
    ratios: {
      kafka: 0.0234,
      postgres: 0.1137,
      sagasPerPostgresTransaction: 0.0228,
      recordsPerSaga: 5,
      transactionsPerSaga: 5,
    },
    soak: null,
    targets: [
      { name: 'sustained completed/s', target: '≥ 190/s', measured: '199.6/s', met: true },
      { name: 'end-to-end p99', target: '≤ 100 ms', measured: '143.7 ms', met: false },
      { name: 'lost sagas', target: '0', measured: '3', met: false },
      { name: 'duplicated terminal events', target: '0', measured: '0', met: true },
    ],
  };
}
