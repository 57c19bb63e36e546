import { describe, expect, it } from 'vitest';
import { kafkaAccess, kafkaAccessOfAll } from './access';
import { eventTopics } from './generated';
import { participants } from './saga';

describe('kafkaAccess', () => {
  it("gives inventory what its steps say, its dead letters and its own topics' republish, and nothing of payment's", () => {
    expect(kafkaAccess('inventory')).toEqual({
      participant: 'inventory',
      reads: ['order.created', 'order.confirmed', 'order.cancelled'],
      writes: [
        'inventory.reserved',
        'inventory.rejected',
        'inventory.released',
        'inventory-service.dlq',
        'order.created',
        'order.confirmed',
        'order.cancelled',
      ],
      groups: ['inventory-service'],
    });
  });

  it('lets the order timeline read every event topic without writing any but its dead letters', () => {
    const order = kafkaAccess('order');
    expect([...order.reads].sort()).toEqual([...eventTopics].sort());
    expect(order.groups).toEqual(['order-service', 'order-timeline']);
    expect(order.writes).toEqual([
      'order.created',
      'order.cancelled',
      'order.confirmed',
      'order-service.dlq',
      'order-timeline.dlq',
      'payment.completed',
      'payment.declined',
      'inventory.rejected',
    ]);
  });

  it('gives a participant that says nothing only its dead letters and what it hears', () => {
    expect(kafkaAccess('notification')).toEqual({
      participant: 'notification',
      reads: ['order.confirmed', 'order.cancelled'],
      writes: ['notification-service.dlq', 'order.confirmed', 'order.cancelled'],
      groups: ['notification-service'],
    });
  });

  it('lets every event topic be written by its producer and nobody else outside its consumers', () => {
    const access = kafkaAccessOfAll();
    expect(access.map((entry) => entry.participant)).toEqual(participants);
    for (const topic of eventTopics) {
      const writers = access
        .filter((entry) => entry.writes.includes(topic))
        .map((entry) => entry.participant);
      const readers = access.filter((entry) => entry.reads.includes(topic)).map((entry) => entry.participant);
      for (const writer of writers) {
        expect(readers.includes(writer) || topic.startsWith(`${writer}.`), `${writer} writes ${topic}`).toBe(
          true,
        );
      }
    }
  });
});
