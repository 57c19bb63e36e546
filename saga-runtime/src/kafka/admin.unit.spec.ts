import type { Admin, ITopicConfig } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors';
import { ensureTopics, waitForKafka } from './admin';

function fakeKafka(existing: string[], failures = 0) {
  const calls: string[] = [];
  const created: ITopicConfig[] = [];
  let remainingFailures = failures;
  const admin = {
    connect: async () => {
      calls.push('connect');
    },
    disconnect: async () => {
      calls.push('disconnect');
    },
    listTopics: async () => existing,
    createTopics: async ({ topics }: { topics: ITopicConfig[] }) => {
      created.push(...topics);
      return true;
    },
    describeCluster: async () => {
      calls.push('describe');
      if (remainingFailures-- > 0) throw new Error('ECONNREFUSED');
      return { brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092 }], controller: 1, clusterId: 'c' };
    },
  };
  const kafka = { admin: () => admin as unknown as Admin };
  return { kafka, calls, created };
}

describe('ensureTopics', () => {
  it('creates only missing topics with their settings', async () => {
    const { kafka, calls, created } = fakeKafka(['order.created']);
    const names = await ensureTopics(kafka, [
      { name: 'order.created', partitions: 6, retentionMs: 1000, cleanupPolicy: 'delete' },
      { name: 'order.confirmed', partitions: 3, retentionMs: 604_800_000, cleanupPolicy: 'compact' },
      { name: 'order.dlq', partitions: 1 },
    ]);
    expect(names).toEqual(['order.confirmed', 'order.dlq']);
    expect(created).toEqual([
      {
        topic: 'order.confirmed',
        numPartitions: 3,
        replicationFactor: 1,
        configEntries: [
          { name: 'retention.ms', value: '604800000' },
          { name: 'cleanup.policy', value: 'compact' },
        ],
      },
      { topic: 'order.dlq', numPartitions: 1, replicationFactor: 1, configEntries: [] },
    ]);
    expect(calls).toEqual(['connect', 'disconnect']);
  });

  it('honours the replication factor and min.insync.replicas, and does nothing when all exist', async () => {
    const some = fakeKafka([]);
    await ensureTopics(some.kafka, [{ name: 'a', partitions: 1 }], {
      replicationFactor: 3,
      minInsyncReplicas: 2,
    });
    expect(some.created[0]).toMatchObject({
      replicationFactor: 3,
      configEntries: [{ name: 'min.insync.replicas', value: '2' }],
    });
    const all = fakeKafka(['a']);
    expect(await ensureTopics(all.kafka, [{ name: 'a', partitions: 1 }])).toEqual([]);
    expect(all.created).toEqual([]);
  });
});

describe('waitForKafka', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries until the cluster answers', async () => {
    const { kafka, calls } = fakeKafka([], 3);
    const waiting = waitForKafka(kafka, 10_000, 100);
    await vi.advanceTimersByTimeAsync(300);
    await waiting;
    expect(calls.filter((c) => c === 'describe')).toHaveLength(4);
    expect(calls.filter((c) => c === 'disconnect')).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up with a transient error after the timeout', async () => {
    const { kafka, calls } = fakeKafka([], Number.POSITIVE_INFINITY);
    const waiting = waitForKafka(kafka, 1_000, 300).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    const err = await waiting;
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retryable: true });
    expect((err as AppError).cause).toBeInstanceOf(Error);
    expect(calls.filter((c) => c === 'describe')).toHaveLength(4);
  });

  it('does not wait past the deadline for an attempt that hangs', async () => {
    const { kafka } = fakeKafka([]);
    const admin = kafka.admin();
    admin.connect = () => new Promise(() => {});
    const waiting = waitForKafka({ admin: () => admin }, 2_000).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await waiting).toMatchObject({ code: 'KAFKA_UNAVAILABLE' });
  });
});
