import { createRoute } from '@hono/zod-openapi';
import { createRouter, problemResponses, type ServiceDeps } from '@saga/saga-runtime';
import { listNotifications } from '../db/notifications';
import type { Notification } from '../domain/notification';
import { NotificationList, NotificationQuery } from './notification-schemas';

export type NotificationRouteDeps = Pick<ServiceDeps<unknown>, 'database'>;

const listRoute = createRoute({
  method: 'get',
  path: '/notifications',
  request: { query: NotificationQuery },
  responses: {
    200: {
      content: { 'application/json': { schema: NotificationList } },
      description: "The order's notifications, oldest first",
    },
    ...problemResponses(400),
  },
});

export function notificationRoutes(deps: NotificationRouteDeps) {
  const router = createRouter();

  router.openapi(listRoute, async (c) => {
    const { orderId } = c.req.valid('query');
    const notifications = await listNotifications(deps.database.db, orderId);
    return c.json(notifications.map(toJson), 200);
  });

  return router;
}

// Subject, body and the causing event stay internal: the contract is what was told, to whom, why,
// and whether it was actually sent.
function toJson(notification: Notification) {
  const { notificationId, orderId, customerId, kind, reason, channel, delivery, createdAt } = notification;
  return {
    notificationId,
    orderId,
    customerId,
    kind,
    reason,
    channel,
    delivery,
    createdAt: createdAt.toISOString(),
  };
}
