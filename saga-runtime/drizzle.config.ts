import { defineConfig } from 'drizzle-kit';

// Migrations for the outbox and inbox alone, used by the runtime's own integration tests; each
// service's migrations create the same tables from the same definitions.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/messaging/tables.ts',
  out: './src/messaging/migrations',
});
