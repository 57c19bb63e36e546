import { createServiceApp } from '@saga/saga-runtime';
import { silentLogger, untouchableDatabase } from '@saga/saga-runtime/testing';
import { httpRoutes } from './routes';

export const ADMIN_TOKEN = 'test-admin-token';

/**
 * The service's HTTP app as main.ts mounts it, over a database that must not be reached: these
 * tests are about what is refused before any query. `reached()` tells whether a request got past.
 */
export function testApp() {
  const database = untouchableDatabase();
  const app = createServiceApp({ service: 'payment', logger: silentLogger('payment'), readiness: [] });
  app.route(
    '/',
    httpRoutes({
      config: { ADMIN_TOKEN },
      database,
      clock: () => new Date('2026-01-02T03:04:05.000Z'),
    }),
  );
  return { app, reached: database.reached };
}
