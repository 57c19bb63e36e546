import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type EventMap, schemas } from '@saga/schemas';
import { configShape } from './config';
import { orderRoutes } from './http/order-routes';
import { timelineRoutes } from './http/timeline-routes';
import { orderHandlers } from './messaging/handlers';
import { timelineHandlers } from './messaging/record-timeline';

await bootService<typeof configShape, EventMap>({
  name: 'order',
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  schemas,
  handlers: orderHandlers,
  projections: (deps) => ({ timeline: timelineHandlers(deps) }),
  routes: (deps) =>
    orderRoutes({ ...deps, sagaDeadlineSeconds: deps.config.SAGA_DEADLINE_SECONDS }).route(
      '/',
      timelineRoutes({ ...deps, jaegerUiUrl: deps.config.JAEGER_UI_URL }),
    ),
});
