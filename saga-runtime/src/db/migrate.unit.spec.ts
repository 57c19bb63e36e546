import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRootOf, runtimeMigrationsFolder } from './migrate';

const filesAt =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('packageRootOf', () => {
  it('finds the package root from the sources and from a compiled chunk alike', () => {
    const exists = filesAt('/repo/saga-runtime/package.json', '/repo/package.json');
    expect(packageRootOf('/repo/saga-runtime/src/db', exists)).toBe('/repo/saga-runtime');
    expect(packageRootOf('/repo/saga-runtime/dist', exists)).toBe('/repo/saga-runtime');
  });

  it('takes the start directory itself when it holds the package.json', () => {
    expect(packageRootOf('/repo/saga-runtime', filesAt('/repo/saga-runtime/package.json'))).toBe(
      '/repo/saga-runtime',
    );
  });

  it('fails at the file system root', () => {
    expect(() => packageRootOf('/a/b', filesAt())).toThrow('no package.json at or above /a/b');
  });
});

describe('runtimeMigrationsFolder', () => {
  it('is the folder holding the journal of the runtime migrations', () => {
    expect(existsSync(join(runtimeMigrationsFolder(), 'meta/_journal.json'))).toBe(true);
  });
});
