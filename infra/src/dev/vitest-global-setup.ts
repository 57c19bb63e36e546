import { instanceEnv, stackSettings } from '../stack/settings';
import { down, up } from '../stack/stack';
import { buildAll } from './build';

/**
 * Integration and end-to-end tests run against a real local stack: the tests' own instance
 * (vitest.config.ts selects it), which is brought up here (fetching and building whatever the
 * shared cache lacks) and taken down after the run only if this run started it. The services are
 * compiled first: tests run them as production does.
 */
export async function setup(): Promise<() => Promise<void>> {
  // The tests read these and every process they start inherits them: set here, not left to the
  // developer's shell, which may point them anywhere, or to the defaults, which are the dev stack's.
  Object.assign(process.env, instanceEnv(stackSettings(process.env)));
  await buildAll();
  const { started } = await up();
  return async () => {
    if (started.length > 0 && process.env.KEEP_STACK !== '1') await down();
  };
}
