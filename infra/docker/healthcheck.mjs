// Container health check for the service images: exits 0 when GET /health answers 2xx.
// Plain JavaScript run by bare node (no tsx, no curl in slim images), so it stays cheap to run often.
// A service's default port comes from the saga's declaration, compiled into the image by `pnpm build`.

const service = process.env.SAGA_SERVICE ?? '';

async function defaultPort() {
  const { saga } = await import(new URL('../../schemas/dist/saga.js', import.meta.url).href);
  return Object.hasOwn(saga, service) ? saga[service].port : undefined;
}

const port = process.env.PORT || (await defaultPort());
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
