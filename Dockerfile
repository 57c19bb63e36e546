# One image definition for the whole workspace. Targets:
#   service    (default) one of the four services, chosen with --build-arg SERVICE=<name>
#   provision  the one-shot step that creates the Kafka topics and registers the Avro schemas
#
#   docker build --build-arg SERVICE=order -t saga-order .
#
# `pnpm build` compiles the services to JavaScript (dist/ beside src/); the image keeps the installed
# workspace as it is (the provision step runs TypeScript under tsx); correctness over size.
# Needs BuildKit (Docker 23+, or any `docker compose`).

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ---- base: Node and the pnpm version the root package.json pins ----------------------------------
FROM ${NODE_IMAGE} AS base
ENV npm_config_update_notifier=false
RUN npm i -g pnpm@10.34.9 && pnpm --version
WORKDIR /app

# ---- workspace: dependencies from the lockfile, then the sources ------------------------------------
FROM base AS workspace
# Manifests first, so that editing a source file does not reinstall every dependency.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
# pnpm applies these fixes of dependencies at install (package.json, pnpm.patchedDependencies).
COPY patches/ patches/
COPY saga-runtime/package.json saga-runtime/
COPY schemas/package.json schemas/
COPY infra/package.json infra/
COPY order/package.json order/
COPY inventory/package.json inventory/
COPY payment/package.json payment/
COPY notification/package.json notification/
COPY e2e/package.json e2e/
# Dev dependencies are installed too: esbuild compiles the services, tsx runs the provision step.
# Install scripts run only for the packages listed in pnpm.onlyBuiltDependencies (package.json).
RUN --mount=type=cache,id=saga-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store --reporter=append-only
COPY . .
RUN pnpm build

# ---- provision: topics from schemas/src/topics.ts, schemas from schemas/avro ---------------------------
FROM workspace AS provision
ENV NODE_ENV=production
USER node
CMD ["node", "--import", "tsx", "infra/docker/provision.ts"]

# ---- service: the default target ---------------------------------------------------------------------
FROM workspace AS service
ARG SERVICE
RUN case "${SERVICE}" in \
      order|inventory|payment|notification) ;; \
      *) echo "build arg SERVICE must be one of order, inventory, payment, notification (got '${SERVICE}')" >&2; exit 1 ;; \
    esac
# Read by the start command and by the health check, not by the service's configuration.
ENV SAGA_SERVICE=${SERVICE} \
    NODE_ENV=production
# V8 heap limits, as serviceNodeFlags in infra/src/dev/services.ts: peak RSS stays near 150 MB.
# Add --enable-source-maps to map stack traces to the TypeScript sources (about 10 MB more each).
ENV NODE_OPTIONS="--max-old-space-size=192 --max-semi-space-size=4"
USER node
# Hits http://127.0.0.1:$PORT/health with Node's fetch (slim images have no curl); PORT defaults to
# the service's own default port when unset.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "infra/docker/healthcheck.mjs"]
# The `compiled` condition makes the workspace packages resolve to their dist/; the telemetry register
# starts OpenTelemetry before main.js imports http (configured by the standard OTEL_* variables).
# exec, so that `docker stop`'s SIGTERM reaches node.
CMD ["sh", "-c", "exec node --conditions=compiled --import ./saga-runtime/dist/telemetry/register.js \"$SAGA_SERVICE/dist/main.js\""]
