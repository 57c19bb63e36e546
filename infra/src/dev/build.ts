/**
 * Compiles what the services run into plain JavaScript (`dist/` beside each package's `src/`).
 * Services run the compiled files under Node's `compiled` export condition: no TypeScript loader
 * in the process saves about 60 MB of RSS and its start-up work. Tests, scripts and editors keep
 * reading `src/` (the `default` condition). `pnpm build`; `pnpm start`, the bench and the test
 * set-up call it themselves, so `dist/` never lags behind the sources they run.
 */
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { repoRoot } from '../stack/settings';
import { serviceNames } from './services';

/** Libraries whose package.json maps subpaths to `dist/` under the `compiled` condition. */
const libraries = ['saga-runtime', 'schemas'];

/** The sources behind a library's `compiled` exports, read from its package.json so the two agree. */
async function compiledEntries(pkg: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(repoRoot, pkg, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { compiled?: string; default: string }>;
  };
  return Object.values(manifest.exports).flatMap((target) =>
    typeof target === 'object' && target.compiled ? [target.default] : [],
  );
}

const common: BuildOptions = {
  bundle: true,
  // npm packages and the other workspace packages stay imports, resolved by Node at run time, so
  // each module exists once per process (and OpenTelemetry can patch what it instruments).
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  logLevel: 'warning',
};

async function compile(pkg: string, entryPoints: string[]): Promise<void> {
  const dir = join(repoRoot, pkg);
  await rm(join(dir, 'dist'), { recursive: true, force: true });
  await build({
    ...common,
    absWorkingDir: dir,
    entryPoints,
    outdir: 'dist',
    outbase: 'src',
    // One chunk per shared module keeps classes single (an error thrown by one entry point is an
    // `instanceof` match in another).
    splitting: true,
  });
}

export async function buildAll(): Promise<void> {
  await Promise.all(libraries.map(async (pkg) => compile(pkg, await compiledEntries(pkg))));
  await Promise.all(
    serviceNames.map(async (name) => {
      await compile(name, ['src/main.ts']);
      // main.ts finds its migrations next to itself (`./db/migrations`), in src/ as in dist/.
      await cp(join(repoRoot, name, 'src/db/migrations'), join(repoRoot, name, 'dist/db/migrations'), {
        recursive: true,
      });
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  await buildAll();
  process.stdout.write(`built in ${Math.round(performance.now() - started)} ms\n`);
}
