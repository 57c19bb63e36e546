/**
 * `pnpm fuzz [--max-examples N] [--seed S]` (with `pnpm start` running): schemathesis against every
 * service's /openapi.json. It writes through the admin routes too, so it changes the catalogue and
 * the balances of a running system.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serviceNames } from '../dev/services';
import { StackError } from '../stack/proc';
import { repoRoot, servicePorts } from '../stack/settings';
import { fuzz } from './schemathesis';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'max-examples': { type: 'string', default: '100' }, seed: { type: 'string', default: '1' } },
  });
  const adminToken = process.env.ADMIN_TOKEN ?? 'dev-admin-token';
  let failed = 0;
  for (const name of serviceNames) {
    const { exitCode, output } = await fuzz(
      {
        name,
        baseUrl: `http://127.0.0.1:${servicePorts[name]}`,
        headers: { Authorization: `Bearer ${adminToken}` },
      },
      {
        maxExamples: Number(values['max-examples']),
        seed: Number(values.seed),
        outputDir: join(repoRoot, 'test-output', 'schemathesis'),
      },
    );
    process.stdout.write(`\n### ${name}\n${output}`);
    if (exitCode !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `fuzz: ${error instanceof StackError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
