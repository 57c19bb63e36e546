import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type EventMap, schemas } from '@saga/schemas';
import { configShape } from './config';
import { notificationRoutes } from './http/notification-routes';
import { notificationHandlers } from './messaging/handlers';

await bootService<typeof configShape, EventMap>({
  name: 'notification',
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  schemas,
  handlers: notificationHandlers,
  routes: (deps) => notificationRoutes(deps),
});
