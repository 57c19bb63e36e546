import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, problemResponses, type ServiceDeps } from '@saga/saga-runtime';
import { analyticsSummary } from './summary';

const Summary = z
  .object({
    orders: z.number().int(),
    ordersByStatus: z.object({
      PENDING: z.number().int(),
      CONFIRMED: z.number().int(),
      CANCELLED: z.number().int(),
    }),
    cancelledByReason: z.record(z.string(), z.number().int()),
    revenueConfirmedCents: z.number().int(),
    averageSagaDurationMs: z.number().nullable(),
  })
  .openapi('AnalyticsSummary');

const summaryRoute = createRoute({
  method: 'get',
  path: '/analytics/summary',
  responses: {
    200: {
      content: { 'application/json': { schema: Summary } },
      description: 'Orders by outcome, revenue, saga duration',
    },
    ...problemResponses(),
  },
});

export function analyticsRoutes(deps: Pick<ServiceDeps<unknown>, 'database'>) {
  const router = createRouter();
  router.openapi(summaryRoute, async (c) => c.json(await analyticsSummary(deps.database.db), 200));
  return router;
}
