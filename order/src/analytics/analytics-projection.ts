import type { Handlers } from '@saga/saga-runtime';
import type { ContractOf } from '@saga/schemas';
import { sql } from 'drizzle-orm';
import { analyticsOrders } from '../db/schema';

const at = (epochMs: number) => new Date(epochMs);

/**
 * Upserts one fact per event. Each fact is written once (the first time wins), so replaying the
 * group, in whatever interleaving of topics, rebuilds the same rows.
 */
export function analyticsHandlers(): Handlers<ContractOf<'order'>, 'analytics'> {
  return {
    'order.created': async ({ value }, { tx }) => {
      await tx
        .insert(analyticsOrders)
        .values({ orderId: value.orderId, createdAt: at(value.occurredAt) })
        .onConflictDoUpdate({
          target: analyticsOrders.orderId,
          set: { createdAt: sql`coalesce(${analyticsOrders.createdAt}, excluded.created_at)` },
        });
    },
    'order.confirmed': async ({ value }, { tx }) => {
      await tx
        .insert(analyticsOrders)
        .values({ orderId: value.orderId, confirmedAt: at(value.occurredAt), totalCents: value.totalCents })
        .onConflictDoUpdate({
          target: analyticsOrders.orderId,
          set: {
            confirmedAt: sql`coalesce(${analyticsOrders.confirmedAt}, excluded.confirmed_at)`,
            totalCents: sql`coalesce(${analyticsOrders.totalCents}, excluded.total_cents)`,
          },
        });
    },
    'order.cancelled': async ({ value }, { tx }) => {
      await tx
        .insert(analyticsOrders)
        .values({
          orderId: value.orderId,
          cancelledAt: at(value.occurredAt),
          cancellationReason: value.reason,
        })
        .onConflictDoUpdate({
          target: analyticsOrders.orderId,
          set: {
            cancelledAt: sql`coalesce(${analyticsOrders.cancelledAt}, excluded.cancelled_at)`,
            cancellationReason: sql`coalesce(${analyticsOrders.cancellationReason}, excluded.cancellation_reason)`,
          },
        });
    },
  };
}
