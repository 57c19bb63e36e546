import type { Database } from '@saga/saga-runtime';
import { sql } from 'drizzle-orm';

export interface AnalyticsSummary {
  orders: number;
  ordersByStatus: { PENDING: number; CONFIRMED: number; CANCELLED: number };
  cancelledByReason: Record<string, number>;
  /** Sum of the totals of orders confirmed and not cancelled since, in cents. */
  revenueConfirmedCents: number;
  /** From order.created to the saga's first outcome, over the orders that have one. */
  averageSagaDurationMs: number | null;
}

/** Read from the orders themselves, so the figures are as current as the orders' own transactions. */
export async function analyticsSummary(db: Database): Promise<AnalyticsSummary> {
  // One pass over orders: counted per outcome first, then the outcomes summed.
  const [totals] = await db.execute<{
    orders: number;
    pending: number;
    confirmed: number;
    cancelled: number;
    revenue: string;
    average_ms: number | null;
    by_reason: Record<string, number>;
  }>(sql`
    with outcomes as (
      select status, cancellation_reason, count(*) as n, sum(total_cents) as cents,
        count(settled_at) as settled, sum(extract(epoch from settled_at - created_at) * 1000) as settling_ms
      from orders group by status, cancellation_reason)
    select coalesce(sum(n), 0)::int as orders,
      coalesce(sum(n) filter (where status = 'PENDING'), 0)::int as pending,
      coalesce(sum(n) filter (where status = 'CONFIRMED'), 0)::int as confirmed,
      coalesce(sum(n) filter (where status = 'CANCELLED'), 0)::int as cancelled,
      coalesce(sum(cents) filter (where status = 'CONFIRMED'), 0)::text as revenue,
      round(sum(settling_ms) / nullif(sum(settled), 0))::float8 as average_ms,
      coalesce(json_object_agg(cancellation_reason, n order by cancellation_reason)
        filter (where status = 'CANCELLED'), '{}') as by_reason
    from outcomes`);
  return {
    orders: totals?.orders ?? 0,
    ordersByStatus: {
      PENDING: totals?.pending ?? 0,
      CONFIRMED: totals?.confirmed ?? 0,
      CANCELLED: totals?.cancelled ?? 0,
    },
    cancelledByReason: totals?.by_reason ?? {},
    revenueConfirmedCents: Number(totals?.revenue ?? 0),
    averageSagaDurationMs: totals?.average_ms ?? null,
  };
}
