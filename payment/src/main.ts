import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type EventMap, schemas } from '@saga/schemas';
import { configShape } from './config';
import { httpRoutes } from './http/routes';
import { onInventoryReserved } from './messaging/inventory-reserved';
import { onOrderCancelled } from './messaging/order-cancelled';

await bootService<typeof configShape, EventMap>({
  name: 'payment',
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  schemas,
  handlers: (deps) => {
    const paymentDeps = { ...deps, openingBalanceCents: deps.config.DEFAULT_OPENING_BALANCE_CENTS };
    return {
      'inventory.reserved': onInventoryReserved(paymentDeps),
      'order.cancelled': onOrderCancelled(paymentDeps),
    };
  },
  routes: httpRoutes,
});
