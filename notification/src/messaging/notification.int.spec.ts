import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AppError, createLogger, headerNames } from '@saga/saga-runtime';
import { handlerHarness } from '@saga/saga-runtime/testing';
import { type EventMap, groupsOf, schemas } from '@saga/schemas';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationRoutes } from '../http/notification-routes';
import { notificationHandlers } from './handlers';

// The handlers' log lines are part of what they promise (one "notification sent" per notification).
const logLines: Record<string, unknown>[] = [];
const logger = createLogger({
  service: 'notification',
  stream: { write: (line: string) => logLines.push(JSON.parse(line)) },
});
// A clock that ticks one second per reading keeps createdAt, and so the API's order, deterministic.
let ticks = Date.parse('2026-01-01T00:00:00.000Z');

const harness = handlerHarness<EventMap>({
  service: 'notification',
  groupId: groupsOf('notification').service.id,
  migrationsFolder: fileURLToPath(new URL('../db/migrations', import.meta.url)),
  schemas,
  handlers: notificationHandlers,
  clock: () => {
    ticks += 1000;
    return new Date(ticks);
  },
  logger,
});
const { database, handle } = harness;

/** A record as the relay would have produced it from the order service's outbox. */
const message = <T extends 'order.confirmed' | 'order.cancelled'>(topic: T, event: EventMap[T]) =>
  harness.message(topic, event, { [headerNames.producer]: 'order' });

const confirmed = (orderId: string): EventMap['order.confirmed'] => ({
  eventId: randomUUID(),
  orderId,
  occurredAt: Date.now(),
  customerId: 'alice',
  totalCents: 1998,
  currency: 'USD',
});

const cancelled = (orderId: string): EventMap['order.cancelled'] => ({
  eventId: randomUUID(),
  orderId,
  occurredAt: Date.now(),
  customerId: 'alice',
  reason: 'CUSTOMER_CANCELLED',
  detail: 'cancelled by the customer',
});

async function notificationsOf(orderId: string) {
  return database.sql`
    select kind, reason, channel, customer_id, subject, body, event_id, delivery
    from notifications where order_id = ${orderId} order by created_at`;
}

const logsOf = (orderId: string, msg: string) =>
  logLines.filter((line) => line.msg === msg && line.order_id === orderId);
const sentLogs = (orderId: string) => logsOf(orderId, 'notification sent');

async function rowCounts() {
  const [row] = await database.db.execute<{ notifications: string; inbox: string }>(sql`
    select (select count(*) from notifications) as notifications, (select count(*) from inbox) as inbox`);
  return row;
}

describe('notification handlers against a migrated database', () => {
  beforeAll(() => harness.setup());
  afterAll(() => harness.close());

  it('sends one ORDER_CONFIRMED notification for order.confirmed', async () => {
    const orderId = randomUUID();
    const event = confirmed(orderId);
    await handle(await message('order.confirmed', event));

    expect(await notificationsOf(orderId)).toEqual([
      {
        kind: 'ORDER_CONFIRMED',
        reason: null,
        channel: 'email',
        customer_id: 'alice',
        subject: `Your order ${orderId} is confirmed`,
        body: `Your order ${orderId} is confirmed. We charged $19.98.`,
        event_id: event.eventId,
        delivery: 'SENT',
      },
    ]);
    expect(sentLogs(orderId)).toEqual([
      expect.objectContaining({
        level: 'info',
        order_id: orderId,
        kind: 'ORDER_CONFIRMED',
        channel: 'email',
        customer_id: 'alice',
      }),
    ]);
  });

  it('sends one notification when the same message is delivered twice', async () => {
    const orderId = randomUUID();
    const delivery = await message('order.confirmed', confirmed(orderId));
    await handle(delivery);
    await handle(delivery);

    expect(await notificationsOf(orderId)).toHaveLength(1);
    expect(sentLogs(orderId)).toHaveLength(1);
    // The inbox recognised the event id: the handler did not even run again.
    expect(logsOf(orderId, 'duplicate event skipped')).toHaveLength(1);
  });

  it('sends one notification when a second order.confirmed with a new event id arrives', async () => {
    const orderId = randomUUID();
    const first = confirmed(orderId);
    await handle(await message('order.confirmed', first));
    await handle(await message('order.confirmed', { ...first, eventId: randomUUID() }));

    expect(await notificationsOf(orderId)).toEqual([expect.objectContaining({ event_id: first.eventId })]);
    expect(sentLogs(orderId)).toHaveLength(1);
    // The inbox let the new event id through; the (order_id, kind) constraint stopped it.
    expect(logsOf(orderId, 'duplicate event skipped')).toHaveLength(0);
    expect(logsOf(orderId, 'notification already sent; event ignored')).toHaveLength(1);
  });

  it('tells nothing twice when outcomes come again after the inbox was pruned: replayed at their offsets, or published again', async () => {
    const [told, overtaken] = [randomUUID(), randomUUID()];
    const messages = [
      await message('order.confirmed', confirmed(told)),
      await message('order.cancelled', cancelled(told)),
      await message('order.cancelled', cancelled(overtaken)),
      await message('order.confirmed', { ...confirmed(overtaken), occurredAt: Date.now() - 1000 }),
    ];
    for (const outcome of messages) await handle(outcome);
    const before = await harness.digests(['notifications']);

    expect((await harness.prune()).inbox).toBeGreaterThanOrEqual(messages.length);
    for (const outcome of messages) await handle(outcome);
    for (const outcome of messages) await handle(harness.republished(outcome));

    expect(await harness.digests(['notifications'])).toEqual(before);
    expect(sentLogs(told)).toHaveLength(2);
    expect(sentLogs(overtaken)).toHaveLength(1);
  });

  it('sends one of each kind when a confirmed order is cancelled, and lists both oldest first', async () => {
    const orderId = randomUUID();
    await handle(await message('order.confirmed', confirmed(orderId)));
    await handle(await message('order.cancelled', cancelled(orderId)));
    await handle(await message('order.cancelled', cancelled(orderId)));

    const rows = await notificationsOf(orderId);
    expect(rows.map((row) => [row.kind, row.reason])).toEqual([
      ['ORDER_CONFIRMED', null],
      ['ORDER_CANCELLED', 'CUSTOMER_CANCELLED'],
    ]);
    expect(sentLogs(orderId)).toHaveLength(2);

    const response = await notificationRoutes({ database }).request(`/notifications?orderId=${orderId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      {
        notificationId: expect.any(String),
        orderId,
        customerId: 'alice',
        kind: 'ORDER_CONFIRMED',
        reason: null,
        channel: 'email',
        delivery: 'SENT',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
      expect.objectContaining({ kind: 'ORDER_CANCELLED', reason: 'CUSTOMER_CANCELLED' }),
    ]);
  });

  it('sends a cancellation that overtook the earlier confirmation, and only records the confirmation', async () => {
    const orderId = randomUUID();
    const confirmation = confirmed(orderId);
    const cancellation = { ...cancelled(orderId), occurredAt: confirmation.occurredAt + 150 };
    // Forced reordering: the two topics are consumed independently, so the cancellation can come first.
    await handle(await message('order.cancelled', cancellation));
    await handle(await message('order.confirmed', confirmation));
    await handle(await message('order.confirmed', { ...confirmation, eventId: randomUUID() }));

    const rows = await notificationsOf(orderId);
    expect(rows.map((row) => [row.kind, row.delivery])).toEqual([
      ['ORDER_CANCELLED', 'SENT'],
      ['ORDER_CONFIRMED', 'SUPPRESSED'],
    ]);
    expect(sentLogs(orderId)).toEqual([expect.objectContaining({ kind: 'ORDER_CANCELLED' })]);
    expect(logsOf(orderId, 'notification not sent; a later outcome was sent already')).toEqual([
      expect.objectContaining({ kind: 'ORDER_CONFIRMED', later_kind: 'ORDER_CANCELLED' }),
    ]);
    expect(logsOf(orderId, 'notification already sent; event ignored')).toHaveLength(1);

    const response = await notificationRoutes({ database }).request(`/notifications?orderId=${orderId}`);
    const listed = (await response.json()) as { kind: string; delivery: string }[];
    expect(listed.map(({ kind, delivery }) => [kind, delivery])).toEqual([
      ['ORDER_CANCELLED', 'SENT'],
      ['ORDER_CONFIRMED', 'SUPPRESSED'],
    ]);
  });

  it('rejects random bytes as poison without writing anything', async () => {
    const before = await rowCounts();
    const noise = randomBytes(64);
    noise[0] = 0x7b; // never the wire format's magic byte 0, so the outcome does not depend on chance
    const poison = { ...(await message('order.confirmed', confirmed(randomUUID()))), value: noise };

    const error = await handle(poison).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ retryable: false, code: 'WIRE_FORMAT_INVALID' });
    expect(await rowCounts()).toEqual(before);
  });
});
