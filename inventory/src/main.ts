import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type ContractOf, declared } from '@saga/schemas';
import { configShape } from './config';
import { seedOnStart } from './db/seed';
import { productRoutes } from './http/product-routes';
import { inventoryHandlers } from './messaging/handlers';

await bootService<typeof configShape, ContractOf<'inventory'>>({
  ...declared('inventory'),
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  handlers: (deps) => ({ service: inventoryHandlers(deps) }),
  routes: productRoutes,
  prepare: seedOnStart,
});
