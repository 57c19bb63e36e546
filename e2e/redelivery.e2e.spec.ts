import { headerNames } from '@saga/saga-runtime';
import { describe, expect, it } from 'vitest';
import { consumersCaughtUp, eventsOfOrder, registry, republish } from './support/kafka';
import {
  balance,
  getOrder,
  notifications,
  notified,
  openAccount,
  payments,
  placeOrder,
  product,
  settled,
  stockProduct,
} from './support/shop';
import { useSystem } from './support/system';

const groups = ['order-service', 'inventory-service', 'payment-service', 'notification-service'];

const system = useSystem();

describe('Kafka delivers an event again', () => {
  it('every event of a saga decodes through the registry, and redelivering all of them changes nothing', async () => {
    const kettle = await stockProduct(system, { available: 5, priceCents: 1500 });
    const heidi = await openAccount(system, 10_000);
    const orderId = await placeOrder(system, heidi, [{ sku: kettle.sku, quantity: 1 }]);
    expect(await settled(system, orderId)).toMatchObject({ status: 'CONFIRMED' });
    await notified(system, orderId);

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
      order: await getOrder(system, orderId),
      stock: await product(system, kettle.sku),
      balance: await balance(system, heidi),
      payments: await payments(system, orderId),
      notifications: await notifications(system, orderId),
    };

    await republish(events);
    await consumersCaughtUp(groups);

    expect(await getOrder(system, orderId)).toEqual(before.order);
    expect(await product(system, kettle.sku)).toEqual(before.stock);
    expect(await balance(system, heidi)).toBe(before.balance);
    expect(await payments(system, orderId)).toEqual(before.payments);
    expect(await notifications(system, orderId)).toEqual(before.notifications);
    expect(await eventsOfOrder(orderId, 8)).toHaveLength(8); // the 4 originals and the 4 copies, no new event
  });
});
