import { eventTopics } from './generated';
import { consumerGroups } from './saga';

// The one list of Kafka topics, derived from the saga's declaration. Broker auto-create is off,
// so the stack creates exactly these.

export interface TopicSpec {
  name: string;
  partitions: number;
  retentionMs: number;
  cleanupPolicy: 'delete' | 'compact';
}

const day = 24 * 60 * 60 * 1000;

// Partitions cap each group's parallelism; six leaves room to scale a service out.
const defaultPartitions = 6;

export const topics: readonly TopicSpec[] = [
  ...eventTopics.map((name) => ({
    name,
    partitions: defaultPartitions,
    retentionMs: 7 * day,
    cleanupPolicy: 'delete' as const,
  })),
  // Dead letters wait for a human, so they are kept longer than the events themselves.
  ...consumerGroups.map((group) => ({
    name: group.dlqTopic,
    partitions: defaultPartitions,
    retentionMs: 30 * day,
    cleanupPolicy: 'delete' as const,
  })),
];

/**
 * How every topic above is replicated on a cluster of `brokers`: three copies where there are three
 * brokers, and a write acknowledged (acks=all, as every producer sends) only once two of them hold
 * it, so one broker may die without losing or refusing anything. One broker holds one copy.
 */
export function replicationFor(brokers: number): { replicationFactor: number; minInsyncReplicas: number } {
  const replicationFactor = Math.min(3, Math.max(1, brokers));
  return { replicationFactor, minInsyncReplicas: replicationFactor === 3 ? 2 : 1 };
}
