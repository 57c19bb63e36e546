import { down, up } from '../stack/stack';
import { buildAll } from './build';

/**
 * Integration and end-to-end tests run against the real local stack. It is brought up here
 * (fetching and building whatever is missing) and taken down after the run only if this run
 * started it, so a developer's running stack survives the tests. The services are compiled first:
 * tests run them as production does.
 */
export async function setup(): Promise<() => Promise<void>> {
  await buildAll();
  const started = await up();
  return async () => {
    if (started.length > 0 && process.env.KEEP_STACK !== '1') await down();
  };
}
