import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import { AppError } from '../errors';

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Broker default when absent; -1 keeps messages forever. */
  retentionMs?: number;
  cleanupPolicy?: 'delete' | 'compact' | 'compact,delete';
}

export interface EnsureTopicsOptions {
  /** 1 suits the single local broker; a real cluster wants 3. */
  replicationFactor?: number;
  /** Copies an acks=all write must reach; the broker's default when absent. */
  minInsyncReplicas?: number;
}

type KafkaAdminFactory = Pick<Kafka, 'admin'>;

/** Creates the topics that do not exist yet and returns their names; existing topics are left as they are. */
export async function ensureTopics(
  kafka: KafkaAdminFactory,
  specs: readonly TopicSpec[],
  { replicationFactor = 1, minInsyncReplicas }: EnsureTopicsOptions = {},
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.name));
    if (missing.length === 0) return [];
    // Another process may create the same topics concurrently; kafkajs then resolves false, which is fine.
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => topicConfig(spec, replicationFactor, minInsyncReplicas)),
    });
    return missing.map((spec) => spec.name);
  } finally {
    await admin.disconnect();
  }
}

function topicConfig(spec: TopicSpec, replicationFactor: number, minInsyncReplicas?: number): ITopicConfig {
  const configEntries = [
    ...(minInsyncReplicas === undefined
      ? []
      : [{ name: 'min.insync.replicas', value: String(minInsyncReplicas) }]),
    ...(spec.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(spec.retentionMs) }]),
    ...(spec.cleanupPolicy === undefined ? [] : [{ name: 'cleanup.policy', value: spec.cleanupPolicy }]),
  ];
  return { topic: spec.name, numPartitions: spec.partitions, replicationFactor, configEntries };
}

/**
 * Resolves once the cluster answers a metadata request; throws a transient KAFKA_UNAVAILABLE when it
 * has not within `timeoutMs`.
 */
export async function waitForKafka(
  kafka: KafkaAdminFactory,
  timeoutMs: number,
  intervalMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const timeLeft = () => Math.max(0, deadline - Date.now());
  let lastError: unknown;
  while (timeLeft() > 0) {
    const admin = kafka.admin();
    const attempt = admin
      .connect()
      .then(() => admin.describeCluster())
      .then(
        () => 'up' as const,
        (err: unknown) => {
          lastError = err;
          return 'failed' as const;
        },
      );
    // kafkajs retries the connection itself with the client's retry settings, for far longer than a
    // short deadline, so each attempt races the time left.
    const late = delay(timeLeft(), 'late' as const);
    const outcome = await Promise.race([attempt, late.promise]);
    late.cancel();
    await admin.disconnect().catch(() => undefined);
    if (outcome === 'up') return;
    if (outcome === 'failed') await delay(Math.min(intervalMs, timeLeft()), undefined).promise;
  }
  throw AppError.transient('KAFKA_UNAVAILABLE', `Kafka did not answer within ${timeoutMs} ms`, lastError);
}

function delay<T>(ms: number, value: T): { promise: Promise<T>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(value), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset, or null when it never committed on this partition. */
  committed: string | null;
  end: string;
  /** Messages the group has yet to commit: from its offset (or the log start) to the end. */
  lag: number;
}

/** Lag of one consumer group per partition of the topics it consumes (or has committed on). */
export async function groupLag(admin: Admin, groupId: string, topics?: string[]): Promise<PartitionLag[]> {
  const rows: PartitionLag[] = [];
  const committed = await admin.fetchOffsets(topics ? { groupId, topics } : { groupId });
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const end of ends.sort((a, b) => a.partition - b.partition)) {
      const offset = partitions.find((p) => p.partition === end.partition)?.offset;
      const known = offset === undefined || Number(offset) < 0 ? null : offset;
      rows.push({
        topic,
        partition: end.partition,
        committed: known,
        end: end.high,
        lag: Math.max(0, Number(end.high) - Number(known ?? end.low)),
      });
    }
  }
  return rows;
}
