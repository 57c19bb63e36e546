import { defineConfig } from 'drizzle-kit';

// The outbox, inbox and parking tables every service database holds. The runtime applies these
// migrations itself (src/db/migrate.ts), before the service's own, recorded in a table of their own.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/messaging-schema.ts',
  out: './src/db/migrations',
  migrations: { schema: 'drizzle', table: '__saga_runtime_migrations' },
});
