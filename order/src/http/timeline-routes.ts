import { createRoute, z } from '@hono/zod-openapi';
import { AppError, createRouter, problemResponses, type ServiceDeps, UuidParam } from '@saga/saga-runtime';
import { type SagaWaterfallDeps, sagaWaterfall } from '../application/saga-waterfall';
import { findOrder } from '../db/orders';
import { timelineOf } from '../db/timeline';
import { causalOrder } from '../domain/timeline';
import { renderTimelinePage } from './timeline-page';
import { type Timeline, TimelineSchema } from './timeline-schemas';

export interface TimelineRouteDeps extends Pick<ServiceDeps<unknown>, 'database'>, SagaWaterfallDeps {
  jaegerUiUrl: string;
}

const timelineRoute = createRoute({
  method: 'get',
  path: '/orders/{orderId}/timeline',
  request: { params: UuidParam('orderId') },
  responses: {
    200: {
      content: { 'application/json': { schema: TimelineSchema } },
      description: 'The saga, event by event',
    },
    ...problemResponses(400, 404),
  },
});

const viewRoute = createRoute({
  method: 'get',
  path: '/orders/{orderId}/view',
  request: { params: UuidParam('orderId') },
  responses: {
    200: {
      content: { 'text/html': { schema: z.string() } },
      description: 'The timeline as a page for people, with the trace’s waterfall read from Jaeger',
    },
    ...problemResponses(400, 404),
  },
});

export function timelineRoutes(deps: TimelineRouteDeps) {
  const router = createRouter();

  async function timeline(orderId: string): Promise<Timeline> {
    const order = await findOrder(deps.database.db, orderId);
    if (!order) throw AppError.notFound('ORDER_NOT_FOUND', `order ${orderId} does not exist`);
    const events = causalOrder(await timelineOf(deps.database.db, orderId));
    const traceId = events.find((event) => event.traceId)?.traceId ?? null;
    return {
      orderId,
      status: order.status,
      traceId,
      jaegerUrl: traceId ? `${deps.jaegerUiUrl.replace(/\/$/, '')}/trace/${traceId}` : null,
      events: events.map(({ orderId: _orderId, occurredAt, topic, ...event }) => ({
        ...event,
        type: topic,
        topic,
        occurredAt: occurredAt.toISOString(),
      })),
    };
  }

  router.openapi(timelineRoute, async (c) => c.json(await timeline(c.req.valid('param').orderId), 200));
  router.openapi(viewRoute, async (c) => {
    const saga = await timeline(c.req.valid('param').orderId);
    return c.html(renderTimelinePage(saga, await sagaWaterfall(deps, saga.traceId)), 200);
  });
  return router;
}
