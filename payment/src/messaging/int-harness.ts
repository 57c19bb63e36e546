import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { headerNames } from '@saga/saga-runtime';
import { inbox, outbox } from '@saga/saga-runtime/messaging-tables';
import { handlerHarness } from '@saga/saga-runtime/testing';
import { type EventMap, groupsOf, schemas } from '@saga/schemas';
import { eq } from 'drizzle-orm';
import { findAccount, setBalance } from '../db/accounts';
import { findPaymentByOrder } from '../db/payments';
import { paymentHandlers } from './handlers';

export const OPENING_BALANCE_CENTS = 5000;
export const now = new Date('2026-03-04T05:06:07.000Z');

/**
 * The shared handler harness with payment's handlers, a fixed clock and the opening balance the
 * assertions count on, plus builders for the two events payment consumes and readers of its state.
 */
export function paymentHarness() {
  const harness = handlerHarness<EventMap>({
    service: 'payment',
    groupId: groupsOf('payment').service.id,
    migrationsFolder: fileURLToPath(new URL('../db/migrations', import.meta.url)),
    schemas,
    clock: () => now,
    handlers: (deps) => paymentHandlers({ ...deps, openingBalanceCents: OPENING_BALANCE_CENTS }),
  });
  const { db } = harness.database;

  // Both the event (for its id) and the record carrying it, as the producing service published it.
  async function event<T extends 'inventory.reserved' | 'order.cancelled'>(topic: T, value: EventMap[T]) {
    const producer = topic === 'order.cancelled' ? 'order' : 'inventory';
    return { value, message: await harness.message(topic, value, { [headerNames.producer]: producer }) };
  }

  const reserved = (customerId: string, orderId: string, totalCents: number) =>
    event('inventory.reserved', {
      eventId: randomUUID(),
      orderId,
      occurredAt: now.getTime(),
      customerId,
      currency: 'USD',
      lines: [{ sku: 'SKU-COFFEE', quantity: 1, unitPriceCents: totalCents }],
      totalCents,
    });

  const cancelled = (customerId: string, orderId: string) =>
    event('order.cancelled', {
      eventId: randomUUID(),
      orderId,
      occurredAt: now.getTime(),
      customerId,
      reason: 'CUSTOMER_CANCELLED',
      detail: 'cancelled by the customer',
    });

  return {
    ...harness,
    customer: () => `it-${randomUUID()}`,
    order: () => randomUUID(),
    reserved,
    cancelled,
    account: (customerId: string) => findAccount(db, customerId),
    setBalance: (customerId: string, cents: number) => setBalance(db, customerId, cents, now),
    payment: (orderId: string) => findPaymentByOrder(db, orderId),
    outboxOf: (orderId: string) =>
      db.select().from(outbox).where(eq(outbox.messageKey, orderId)).orderBy(outbox.id),
    inboxHas: async (eventId: string) =>
      (await db.select().from(inbox).where(eq(inbox.eventId, eventId))).length > 0,
  };
}
