import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type ContractOf, groupsOf, producedBy, schemas } from '@saga/schemas';
import { configShape } from './config';
import { seedOnStart } from './db/seed';
import { productRoutes } from './http/product-routes';
import { inventoryHandlers } from './messaging/handlers';

await bootService<typeof configShape, ContractOf<'inventory'>>({
  name: 'inventory',
  groups: groupsOf('inventory'),
  produces: producedBy('inventory'),
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  schemas,
  handlers: (deps) => ({ service: inventoryHandlers(deps) }),
  routes: productRoutes,
  prepare: seedOnStart,
});
