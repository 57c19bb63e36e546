import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type ContractOf, groupsOf, producedBy, schemas } from '@saga/schemas';
import { configShape } from './config';
import { notificationRoutes } from './http/notification-routes';
import { notificationHandlers } from './messaging/handlers';

await bootService<typeof configShape, ContractOf<'notification'>>({
  name: 'notification',
  groups: groupsOf('notification'),
  produces: producedBy('notification'),
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  schemas,
  handlers: (deps) => ({ service: notificationHandlers(deps) }),
  routes: (deps) => notificationRoutes(deps),
});
