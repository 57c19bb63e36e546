// Container health check for the service images: exits 0 when GET /health answers 2xx.
// Plain JavaScript run by bare node (no tsx, no curl in slim images), so it stays cheap to run often.

import { pathToFileURL } from 'node:url';

/** Each service's default PORT, as in `<service>/src/config.ts`; docker-compose.unit.spec.ts keeps them equal. */
export const defaultPorts = { order: 3001, inventory: 3002, payment: 3003, notification: 3004 };

const service = process.env.SAGA_SERVICE ?? '';
const port = process.env.PORT || (Object.hasOwn(defaultPorts, service) ? defaultPorts[service] : undefined);

// Run as a script (the health check), not when a test imports `defaultPorts`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!port) {
    console.error(`healthcheck: PORT is unset and SAGA_SERVICE="${service}" has no default port`);
    process.exit(1);
  }
  fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) }).then(
    (response) => {
      if (!response.ok) console.error(`healthcheck: GET /health answered ${response.status}`);
      process.exit(response.ok ? 0 : 1);
    },
    (error) => {
      console.error(`healthcheck: GET /health failed: ${error.cause?.message ?? error.message}`);
      process.exit(1);
    },
  );
}
