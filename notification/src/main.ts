import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type EventMap, schemas } from '@saga/schemas';
import { configShape } from './config';
import { notificationRoutes } from './http/notification-routes';
import { onOrderCancelled } from './messaging/order-cancelled';
import { onOrderConfirmed } from './messaging/order-confirmed';

await bootService<typeof configShape, EventMap>({
  name: 'notification',
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  schemas,
  handlers: (deps) => ({
    'order.confirmed': onOrderConfirmed(deps),
    'order.cancelled': onOrderCancelled(deps),
  }),
  routes: (deps) => notificationRoutes(deps),
});
