import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withSagaSection } from '../src/saga-docs';

// `pnpm run docs` rewrites the README's saga section from the declaration; `--check` (part of
// `pnpm check`, so CI) fails when the README is out of date instead of writing it.

const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
const readme = readFileSync(readmePath, 'utf8');
const updated = withSagaSection(readme);

if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md: the saga section is out of date with schemas/src/saga.ts; run `pnpm run docs`');
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  console.log('README.md: saga section regenerated');
}
