import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type ContractOf, declared } from '@saga/schemas';
import { configShape } from './config';
import { notificationRoutes } from './http/notification-routes';
import { notificationHandlers } from './messaging/handlers';

await bootService<typeof configShape, ContractOf<'notification'>>({
  ...declared('notification'),
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  handlers: (deps) => ({ service: notificationHandlers(deps) }),
  routes: (deps) => notificationRoutes(deps),
});
