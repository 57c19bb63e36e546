import { describe, expect, it } from 'vitest';
import { consumersCaughtUp, sagaGroups } from './support/kafka';
import { committedOffsets, replay, replayEveryServiceGroup, snapshot } from './support/replay';
import { story } from './support/shop';

const { system, shop } = story();
const allGroups = [...sagaGroups, 'order-timeline'];

async function someSagas(): Promise<string[]> {
  const vase = await shop.stockProduct({ available: 2, priceCents: 4000 });
  const nina = await shop.openAccount(6000);
  const orderIds = await Promise.all(
    [1, 2, 3].map(() => shop.placeOrder(nina, [{ sku: vase.sku, quantity: 1 }])),
  );
  for (const orderId of orderIds) {
    await shop.settled(orderId);
    await shop.notified(orderId);
  }
  const confirmed = orderIds[0]!;
  if ((await system.order.get<{ status: string }>(`/orders/${confirmed}`)).body.status === 'CONFIRMED') {
    await system.order.post(`/orders/${confirmed}/cancel`);
    await shop.notified(confirmed, 2);
  }
  return orderIds;
}

describe('An operator replays consumer groups', () => {
  it('previews a reset with --dry-run without moving any offset', { timeout: 120_000 }, async () => {
    await someSagas();
    // Offsets are committed up to half a second after the events were handled.
    await consumersCaughtUp(['inventory-service']);
    const before = await committedOffsets('inventory-service');

    const output = await replay(
      'reset',
      '--group',
      'inventory-service',
      '--topic',
      'order.created',
      '--to',
      'earliest',
      '--dry-run',
    );

    expect(output).toMatch(/order\.created\[\d\]\s+\d+ → \d+\s+\d+ to re-read/);
    expect(output).toContain('dry run: no offset changed');
    expect(await committedOffsets('inventory-service')).toEqual(before);
  });

  it('refuses to move the offsets of a group that has members', async () => {
    await expect(
      replay('reset', '--group', 'payment-service', '--topic', 'inventory.reserved', '--to', 'earliest'),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('active member'),
    });
  });

  it('replays every service group from earliest: no row changes, no event or notification is added', {
    timeout: 600_000,
  }, async () => {
    await someSagas();
    await consumersCaughtUp(allGroups);
    const before = await snapshot();

    await replayEveryServiceGroup(system);

    await consumersCaughtUp(allGroups);
    expect(await snapshot()).toEqual(before);
  });

  it('rebuilds the timeline projection from the log: the same timelines, and the summary unchanged', {
    timeout: 300_000,
  }, async () => {
    const orderIds = await someSagas();
    const timelines = () =>
      Promise.all(
        orderIds.map(async (orderId) => (await system.order.get(`/orders/${orderId}/timeline`)).body),
      );
    await consumersCaughtUp(allGroups);
    const before = await timelines();
    const created = expect.objectContaining({ type: 'order.created' });
    expect(before).toEqual(
      orderIds.map((orderId) =>
        expect.objectContaining({ orderId, events: expect.arrayContaining([created]) }),
      ),
    );
    const summary = (await system.order.get('/analytics/summary')).body;
    expect(summary).toMatchObject({ orders: expect.any(Number), revenueConfirmedCents: expect.any(Number) });

    await system.kill('order', 'SIGTERM');
    const output = await replay('rebuild', 'timeline');
    expect(output).toContain('reset to earliest');
    await system.relaunch('order');
    await consumersCaughtUp(['order-timeline']);

    expect(await timelines()).toEqual(before);
    expect((await system.order.get('/analytics/summary')).body).toEqual(summary);
  });
});
