import { describe, expect, it } from 'vitest';
import { eventTopics } from './generated';
import {
  consumerGroups,
  defaultPorts,
  groupsOf,
  participants,
  producedBy,
  projections,
  saga,
  sagaGaps,
} from './saga';
import { topics } from './topics';

describe('the saga declaration', () => {
  it('derives the consumer-group names the running system and operators use (a public contract)', () => {
    expect(consumerGroups.map((group) => group.id)).toEqual([
      'order-service',
      'order-timeline',
      'inventory-service',
      'payment-service',
      'notification-service',
    ]);
    expect(groupsOf('payment').service).toMatchObject({
      id: 'payment-service',
      dlqTopic: 'payment-service.dlq',
      consumes: ['inventory.reserved', 'order.cancelled'],
    });
  });

  it('gives every group a dead-letter topic, provisioned next to the event topics', () => {
    const names = topics.map((topic) => topic.name);
    expect(names).toEqual([...eventTopics, ...consumerGroups.map((group) => `${group.id}.dlq`)]);
  });

  it('has a producer and a consumer group for every event topic', () => {
    expect(sagaGaps()).toEqual([]);
    const produced = new Set(participants.flatMap((participant) => producedBy(participant)));
    expect([...produced].sort()).toEqual([...eventTopics].sort());
  });

  it('points at the declaration when an event type has no step that says it', () => {
    expect(sagaGaps([...eventTopics, 'notification.sent'])).toEqual([
      'notification.sent: no participant says it (add it to a step\'s "says")',
      'notification.sent: no consumer group reads it',
    ]);
  });

  it('derives what each participant may publish from what its steps say', () => {
    expect(producedBy('order')).toEqual(['order.created', 'order.cancelled', 'order.confirmed']);
    expect(producedBy('notification')).toEqual([]);
  });

  it('gives each participant a port of its own', () => {
    expect(defaultPorts).toEqual({ order: 3001, inventory: 3002, payment: 3003, notification: 3004 });
    expect(new Set(Object.values(defaultPorts)).size).toBe(participants.length);
  });

  it('names the read models a replay can rebuild, with the tables a rebuild empties', () => {
    expect(Object.keys(projections)).toEqual(['timeline']);
    expect(projections.timeline).toMatchObject({
      id: 'order-timeline',
      participant: 'order',
      tables: ['saga_timeline'],
      consumes: saga.order.projections.timeline.consumes,
    });
  });
});
