import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type EventMap, schemas } from '@saga/schemas';
import { configShape } from './config';
import { orderRoutes } from './http/order-routes';
import { timelineRoutes } from './http/timeline-routes';
import { onInventoryRejected } from './messaging/inventory-rejected';
import { onPaymentCompleted } from './messaging/payment-completed';
import { onPaymentDeclined } from './messaging/payment-declined';
import { timelineHandlers } from './messaging/record-timeline';

await bootService<typeof configShape, EventMap>({
  name: 'order',
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  schemas,
  handlers: (deps) => ({
    'payment.completed': onPaymentCompleted(deps),
    'payment.declined': onPaymentDeclined(deps),
    'inventory.rejected': onInventoryRejected(deps),
  }),
  projections: (deps) => ({ timeline: timelineHandlers(deps) }),
  routes: (deps) =>
    orderRoutes({ ...deps, sagaDeadlineSeconds: deps.config.SAGA_DEADLINE_SECONDS }).route(
      '/',
      timelineRoutes({ ...deps, jaegerUiUrl: deps.config.JAEGER_UI_URL }),
    ),
});
