import { headerNames } from '@saga/saga-runtime';
import { describe, expect, it } from 'vitest';
import { consumersCaughtUp, eventsOfOrder, republish, sagaGroups } from './support/kafka';
import { inboxesForget, replayEveryServiceGroup, snapshot } from './support/replay';
import { story } from './support/shop';

// Every service forgets the ids of the events it applied a second after applying them, as a shop
// that has run for months forgets last season's.
const forgetful = { INBOX_RETENTION: '1s', PRUNE_INTERVAL: '1s' };
const { system, shop } = story({
  order: forgetful,
  inventory: forgetful,
  payment: forgetful,
  notification: forgetful,
});
const allGroups = [...sagaGroups, 'order-timeline'];

describe('A shop that runs for months keeps its storage bounded', () => {
  it('forgets what it applied, yet a replay from earliest and old bytes published again change nothing and tell no one twice', {
    timeout: 600_000,
  }, async () => {
    // Ivan bought a lamp, then changed his mind: seven events, two notifications.
    const { orderId } = await shop.confirmedOrder({ available: 3, priceCents: 2500, balance: 10_000 });
    await shop.notified(orderId);
    await system.order.post(`/orders/${orderId}/cancel`);
    await shop.notified(orderId, 2);
    const events = await eventsOfOrder(orderId, 7);
    await consumersCaughtUp(allGroups);
    await inboxesForget(events.map((event) => event.headers[headerNames.eventId]!));
    const before = await snapshot();

    // An operator replays every service's group from the start of its topics.
    await replayEveryServiceGroup(system);
    expect(await snapshot()).toEqual(before);

    // A relay that crashed after publishing sends the saga's events again, byte for byte.
    await republish(events);
    await consumersCaughtUp(allGroups);
    expect(await snapshot()).toEqual(before);
    expect(await shop.notifications(orderId)).toHaveLength(2);
  });
});
