import { fileURLToPath } from 'node:url';
import { bootService } from '@saga/saga-runtime';
import { type ContractOf, declared } from '@saga/schemas';
import { orderMetrics } from './application/order-metrics';
import { configShape } from './config';
import { timelineRetention } from './db/timeline';
import { startDeadlineSweeper } from './deadline/deadline-sweeper';
import { httpRoutes } from './http/routes';
import { orderHandlers } from './messaging/handlers';
import { timelineProjector } from './messaging/record-timeline';

await bootService<typeof configShape, ContractOf<'order'>>({
  ...declared('order'),
  configShape,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  // On /metrics from the start, before the first order is counted.
  prepare: async (deps) => {
    orderMetrics(deps.metrics);
  },
  handlers: (deps) => ({
    service: orderHandlers(deps),
    timeline: timelineProjector(deps, deps.config.TIMELINE_RETENTION),
  }),
  retentions: (deps) => [timelineRetention(deps.config.TIMELINE_RETENTION)],
  // Sweeps often enough that a timeout is noticed within a tenth of the deadline (at most 1 s late).
  background: (deps) =>
    startDeadlineSweeper(deps, Math.min(1000, (deps.config.SAGA_DEADLINE_SECONDS * 1000) / 10)),
  routes: httpRoutes,
});
