import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type ContractOf, declared } from '@saga/schemas';
import { configShape } from './config';
import { httpRoutes } from './http/routes';
import { paymentHandlers } from './messaging/handlers';

await bootService<typeof configShape, ContractOf<'payment'>>({
  ...declared('payment'),
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  handlers: (deps) => ({
    service: paymentHandlers({ ...deps, openingBalanceCents: deps.config.DEFAULT_OPENING_BALANCE_CENTS }),
  }),
  routes: httpRoutes,
});
