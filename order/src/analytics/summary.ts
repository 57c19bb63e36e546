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

export async function analyticsSummary(db: Database): Promise<AnalyticsSummary> {
  const [totals] = await db.execute<{
    orders: number;
    pending: number;
    confirmed: number;
    cancelled: number;
    revenue: string;
    average_ms: number | null;
  }>(sql`
    select count(*)::int as orders,
      count(*) filter (where cancelled_at is null and confirmed_at is null)::int as pending,
      count(*) filter (where cancelled_at is null and confirmed_at is not null)::int as confirmed,
      count(*) filter (where cancelled_at is not null)::int as cancelled,
      coalesce(sum(total_cents) filter (where cancelled_at is null and confirmed_at is not null), 0)::text as revenue,
      round(avg(extract(epoch from least(confirmed_at, cancelled_at) - created_at) * 1000)
        filter (where created_at is not null and coalesce(confirmed_at, cancelled_at) is not null))::float8 as average_ms
    from analytics_orders`);
  const reasons = await db.execute<{ reason: string; count: number }>(sql`
    select cancellation_reason as reason, count(*)::int as count from analytics_orders
    where cancelled_at is not null group by cancellation_reason order by cancellation_reason`);
  return {
    orders: totals?.orders ?? 0,
    ordersByStatus: {
      PENDING: totals?.pending ?? 0,
      CONFIRMED: totals?.confirmed ?? 0,
      CANCELLED: totals?.cancelled ?? 0,
    },
    cancelledByReason: Object.fromEntries(reasons.map((row) => [row.reason, row.count])),
    revenueConfirmedCents: Number(totals?.revenue ?? 0),
    averageSagaDurationMs: totals?.average_ms ?? null,
  };
}
