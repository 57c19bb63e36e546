import { headerNames } from '@saga/saga-runtime';
import { describe, expect, it } from 'vitest';
import { consumersCaughtUp, eventsOfOrder, registry, republish, sagaGroups } from './support/kafka';
import { story } from './support/shop';

const { shop } = story();

describe('Kafka delivers an event again', () => {
  it('every event of a saga decodes through the registry, and redelivering all of them changes nothing', async () => {
    // Heidi bought a kettle at 15.00 out of her 100.00, and the order was confirmed.
    const given = await shop.confirmedOrder({ available: 5, priceCents: 1500, balance: 10_000 });
    const { sku: kettle, customerId: heidi, orderId } = given;
    await shop.notified(orderId);

    const events = await eventsOfOrder(orderId, 4);
    expect(events.map((e) => e.topic).sort()).toEqual([
      'inventory.reserved',
      'order.confirmed',
      'order.created',
      'payment.completed',
    ]);
    for (const event of events) {
      expect(event.value[0]).toBe(0); // Confluent wire format: magic byte, then the schema id
      const decoded = await registry.decode(event.value);
      expect(decoded).toMatchObject({ orderId, eventId: event.headers[headerNames.eventId] });
      expect(event.headers).toMatchObject({
        [headerNames.eventType]: event.topic,
        [headerNames.correlationId]: orderId,
        [headerNames.producer]: expect.any(String),
        [headerNames.traceparent]: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/),
      });
    }
    const before = {
      order: await shop.getOrder(orderId),
      stock: await shop.product(kettle),
      balance: await shop.balance(heidi),
      payments: await shop.payments(orderId),
      notifications: await shop.notifications(orderId),
    };

    await republish(events);
    await consumersCaughtUp(sagaGroups);

    expect(await shop.getOrder(orderId)).toEqual(before.order);
    expect(await shop.product(kettle)).toEqual(before.stock);
    expect(await shop.balance(heidi)).toBe(before.balance);
    expect(await shop.payments(orderId)).toEqual(before.payments);
    expect(await shop.notifications(orderId)).toEqual(before.notifications);
    expect(await eventsOfOrder(orderId, 8)).toHaveLength(8); // the 4 originals and the 4 copies, no new event
  });
});
