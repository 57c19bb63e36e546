import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type EventMap, schemas } from '@saga/schemas';
import { configShape } from './config';
import { seedOnStart } from './db/seed';
import { productRoutes } from './http/product-routes';
import { inventoryHandlers } from './messaging/handlers';

await bootService<typeof configShape, EventMap>({
  name: 'inventory',
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  schemas,
  handlers: inventoryHandlers,
  routes: productRoutes,
  prepare: seedOnStart,
});
