import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type ContractOf, groupsOf, producedBy, schemas } from '@saga/schemas';
import { configShape } from './config';
import { httpRoutes } from './http/routes';
import { paymentHandlers } from './messaging/handlers';

await bootService<typeof configShape, ContractOf<'payment'>>({
  name: 'payment',
  groups: groupsOf('payment'),
  produces: producedBy('payment'),
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  schemas,
  handlers: (deps) => ({
    service: paymentHandlers({ ...deps, openingBalanceCents: deps.config.DEFAULT_OPENING_BALANCE_CENTS }),
  }),
  routes: httpRoutes,
});
