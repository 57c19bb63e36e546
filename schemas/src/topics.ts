import { eventTopics } from './generated';

// The one list of Kafka topics. Broker auto-create is off, so the stack creates exactly these.

export interface TopicSpec {
  name: string;
  partitions: number;
  retentionMs: number;
  cleanupPolicy: 'delete' | 'compact';
}

export const consumerGroups = {
  order: 'order-service',
  inventory: 'inventory-service',
  payment: 'payment-service',
  notification: 'notification-service',
  /** The order service's saga timeline, a read model over every event topic. */
  orderTimeline: 'order-timeline',
  /** The order service's analytics summary, rebuilt by `pnpm replay rebuild analytics`. */
  orderAnalytics: 'order-analytics',
} as const;

export type ConsumerGroup = (typeof consumerGroups)[keyof typeof consumerGroups];

/** Where a group parks messages it could not process after retrying. */
export const dlqTopicFor = <G extends ConsumerGroup>(group: G): `${G}.dlq` => `${group}.dlq`;

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
  ...Object.values(consumerGroups).map((group) => ({
    name: dlqTopicFor(group),
    partitions: defaultPartitions,
    retentionMs: 30 * day,
    cleanupPolicy: 'delete' as const,
  })),
];
