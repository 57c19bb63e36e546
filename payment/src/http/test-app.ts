import { createLogger, createServiceApp, type DatabaseHandle } from '@saga/saga-runtime';
import { httpRoutes } from './routes';

export const ADMIN_TOKEN = 'test-admin-token';

/**
 * The service's HTTP app as main.ts mounts it, over a database that must not be reached: these
 * tests are about what is refused before any query. `reached()` tells whether a request got past.
 */
export function testApp() {
  let reached = false;
  const db = new Proxy(
    {},
    {
      get() {
        reached = true;
        throw new Error('the database is not available in unit tests');
      },
    },
  );
  const logger = createLogger({ service: 'payment', stream: { write: () => true } });
  const app = createServiceApp({ service: 'payment', logger, readiness: [] });
  app.route(
    '/',
    httpRoutes({
      config: { ADMIN_TOKEN },
      database: { db } as unknown as DatabaseHandle,
      clock: () => new Date('2026-01-02T03:04:05.000Z'),
    }),
  );
  return { app, reached: () => reached };
}
