/** What one `pnpm bench` run measured; written as bench-results/<timestamp>.json and rendered to HTML. */
export interface BenchResult {
  startedAt: string; // ISO 8601, UTC
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  settings: {
    /** open: `--rate`; max: closed loop; idle: no orders at all (`--idle`). */
    mode: 'open' | 'max' | 'idle';
    /** `--preset` the settings came from (e.g. "latency"), or null. */
    preset: string | null;
    /** Orders offered per second (open loop); null in max mode. */
    rate: number | null;
    /** Orders in flight at once (max mode). */
    concurrency: number | null;
    durationSeconds: number;
    /** Relative weights of the outcomes asked for (`--mix`), not percentages. */
    mix: { confirmed: number; outOfStock: number; declined: number };
  };
  totals: {
    offered: number;
    accepted: number;
    /** Sagas whose terminal event (order.confirmed / order.cancelled) the bench consumer saw. */
    completed: number;
    /** Accepted but no terminal event within the drain timeout. */
    lost: number;
    /** Terminal events seen more than once for one order. */
    duplicated: number;
    outcomes: Record<string, number>; // CONFIRMED, OUT_OF_STOCK, PAYMENT_DECLINED, ...
    /** Outcomes that differ from the one the bench asked for. */
    unexpectedOutcomes: number;
    errors: Record<string, number>; // e.g. "HTTP 503", "ECONNRESET"
  };
  throughput: {
    acceptedPerSecond: number;
    completedPerSecond: number;
    /** Completed per second over the steady window (first and last 10 % of the run left out). */
    sustainedCompletedPerSecond: number;
  };
  latency: {
    /** POST accepted → terminal event consumed by the bench, ms. */
    endToEnd: Percentiles;
    /** POST /orders round trip as the client saw it, ms. */
    accept: Percentiles;
    /** Each saga step from Kafka record timestamps, e.g. "order.created → inventory.reserved", ms. */
    steps: Record<string, Percentiles>;
    /** Outbox relay lag: record timestamp − the event's occurredAt (written in the same transaction), ms. */
    relay: Percentiles;
  };
  /** Per second of the run (index 0 = first second). */
  timeline: TimelinePoint[];
  /** Highest lag seen per consumer group while sampling, and at the end. */
  consumerLag: Record<string, { max: number; final: number }>;
  processes: Record<string, ProcessFigures>; // order, inventory, payment, notification, kafka, postgres, registry, jaeger, bench
  /** All processes above together. */
  processTotal: ProcessTotal;
  reference: {
    kafka:
      | {
          recordsPerSecond: number;
          mbPerSecond: number;
          recordSize: number;
          records: number;
          avgLatencyMs: number;
          p99LatencyMs: number;
        }
      | { error: string };
    postgres: { transactionsPerSecond: number; connections: number; seconds: number } | { error: string };
  };
  /** Share of each reference limit the run used, as a fraction (0.25 = 25 %). */
  ratios: {
    /** sustained completed sagas/s × Kafka records per saga ÷ Kafka ProducerPerformance records/s. */
    kafka: number | null;
    /** sustained completed sagas/s × Postgres transactions per saga ÷ reference TPS. */
    postgres: number | null;
    /** Sustained completed sagas/s ÷ Postgres one-row insert TPS of the same run. */
    sagasPerPostgresTransaction: number | null;
    recordsPerSaga: number;
    transactionsPerSaga: number;
  };
  /** With `--soak` (or a run of 600 s or more): samples every 10 s and their trends; else null. */
  soak: SoakFigures | null;
  targets: { name: string; target: string; measured: string; met: boolean }[];
}

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface TimelinePoint {
  second: number;
  accepted: number;
  completed: number;
  /** End-to-end latency of the sagas that completed in this second, ms. */
  p50: number | null;
  p99: number | null;
}

/** What the process monitor measured for one process (tree) over its window. */
export interface MeasuredProcess {
  pid: number;
  cpuSeconds: number;
  peakRssMb: number;
}

export interface ProcessFigures extends MeasuredProcess {
  /** CPU milliseconds per completed saga of the run; null when none completed. */
  cpuMsPerSaga: number | null;
  /** Average share of one core over the measured window, in percent (100 = one core busy). */
  corePercent: number;
}

export interface ProcessTotal {
  cpuSeconds: number;
  cpuMsPerSaga: number | null;
  corePercent: number;
  /** Seconds the process monitor measured: from the start of the load to the end of the drain. */
  windowSeconds: number;
}

export interface SoakSample {
  /** Seconds since the load started. */
  second: number;
  /** Resident memory of each service now, MB. */
  rssMb: Record<string, number>;
  /** pg_database_size of the four service databases together, MB; null when the query failed. */
  databaseMb: number | null;
  /** Total lag per consumer group at the latest lag sample. */
  consumerLag: Record<string, number>;
}

export interface SoakFigures {
  intervalSeconds: number;
  samples: SoakSample[];
  /** Least-squares slopes over the samples, per hour; null with fewer than two points. */
  slopesPerHour: {
    rssMb: Record<string, number | null>;
    databaseMb: number | null;
    consumerLag: Record<string, number | null>;
  };
}
