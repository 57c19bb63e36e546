import { checkAll, registerAll, registryUrlFromEnv } from '../src/registry-sync';

// pnpm schemas:check | schemas:register. Exit code 1 means a schema change the registry would refuse.

const command = process.argv[2];
const registryUrl = registryUrlFromEnv();

async function main(): Promise<number> {
  if (command === 'check') {
    const results = await checkAll(registryUrl);
    const refused = results.filter((r) => !r.compatible);
    for (const r of refused) console.error(`INCOMPATIBLE ${r.subject}: ${r.reasons.join('; ')}`);
    console.log(
      `${results.length - refused.length} of ${results.length} subjects compatible (${registryUrl})`,
    );
    return refused.length ? 1 : 0;
  }
  if (command === 'register') {
    const results = await registerAll(registryUrl);
    for (const r of results) {
      if (r.ok) console.log(`registered ${r.subject} as schema id ${r.id}`);
      else console.error(`REFUSED ${r.subject}: incompatible with its latest version: ${r.reason}`);
    }
    return results.every((r) => r.ok) ? 0 : 1;
  }
  console.error('usage: tsx schemas/scripts/registry.ts register|check');
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // fetch hides "connection refused" in error.cause.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    console.error(
      `schema registry at ${registryUrl}: ${error instanceof Error ? error.message : error}${cause}`,
    );
    process.exit(1);
  },
);
