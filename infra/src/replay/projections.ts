import { eventTopics } from '@saga/schemas';

/** The read models a replay can rebuild: where they live and which group feeds them. */
export const projections = {
  analytics: {
    service: 'order',
    group: 'order-analytics',
    tables: ['analytics_orders'],
    topics: ['order.created', 'order.confirmed', 'order.cancelled'],
  },
  timeline: {
    service: 'order',
    group: 'order-timeline',
    tables: ['saga_timeline'],
    topics: [...eventTopics],
  },
} as const;

export type ProjectionName = keyof typeof projections;
