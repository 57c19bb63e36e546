import type { Config } from '@saga/saga-runtime';
import { createRouter, type ServiceDeps } from '@saga/saga-runtime';
import { analyticsRoutes } from '../analytics/analytics-routes';
import type { configShape } from '../config';
import { orderRoutes } from './order-routes';
import { timelineRoutes } from './timeline-routes';

/** Everything the order service serves over HTTP. */
export function httpRoutes(deps: ServiceDeps<Config<typeof configShape>>) {
  const router = createRouter();
  router.route('/', orderRoutes({ ...deps, sagaDeadlineSeconds: deps.config.SAGA_DEADLINE_SECONDS }));
  router.route(
    '/',
    timelineRoutes({
      ...deps,
      jaegerUiUrl: deps.config.JAEGER_UI_URL,
      jaegerQueryUrl: deps.config.JAEGER_QUERY_URL,
    }),
  );
  router.route('/', analyticsRoutes(deps));
  return router;
}
