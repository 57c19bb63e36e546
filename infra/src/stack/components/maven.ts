import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOnce, StackError } from '../proc';
import { runLines, withProgress } from '../progress';
import { cacheDir, repoRoot, versions } from '../settings';
import { requireCommand } from './prerequisites';

export const registryHome = join(cacheDir, 'registry', versions.apicurio);

/** True when the jars of the pom as it is now are in the cache. */
export function mavenFetched(): boolean {
  // The marker holds the pom's hash: a version bump in the pom fetches again.
  const marker = join(cacheDir, 'maven.fetched');
  return existsSync(marker) && readFileSync(marker, 'utf8') === pomFingerprint();
}

function pomFingerprint(): string {
  return createHash('sha256')
    .update(readFileSync(join(repoRoot, 'infra/pom.xml')))
    .digest('hex');
}

/** Kafka's jars and the Apicurio Registry come from Maven Central through infra/pom.xml. */
export async function fetchFromMaven(): Promise<void> {
  await installOnce('maven', mavenFetched, async () => {
    await fetchJars();
    writeFileSync(join(cacheDir, 'maven.fetched'), pomFingerprint());
  });
}

const units: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };

async function fetchJars(): Promise<void> {
  const mvn = await requireCommand('mvn', 'install Maven (e.g. "apt-get install maven")');
  // Stale jars of an older version would end up on the same classpath.
  rmSync(versions.kafkaLibs, { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  const { code, output } = await withProgress(
    'fetching Kafka and Apicurio Registry from Maven Central',
    () =>
      runLines(
        mvn,
        [
          '-B',
          '-f',
          join(repoRoot, 'infra/pom.xml'),
          `-Dstack.dir=${cacheDir}`,
          'dependency:copy-dependencies',
          'dependency:unpack',
        ],
        (line) => {
          // "Downloaded from central: <url> (1.2 MB at 3.4 MB/s)"
          const size = /^(?:\[INFO\] )?Downloaded from .* \((\d+(?:\.\d+)?) (B|kB|MB|GB) at /.exec(line);
          if (!size) return;
          files += 1;
          bytes += Number(size[1]) * (units[size[2]!] ?? 1);
        },
      ),
    () => (files > 0 ? `${files} files (${Math.round(bytes / 1e6)} MB) downloaded` : undefined),
  );
  if (code !== 0) {
    const firstError = output.split('\n').find((line) => line.includes('ERROR')) ?? output.slice(-2000);
    throw new StackError(`maven could not fetch the stack's jars: ${firstError}`);
  }
  for (const expected of [join(registryHome, 'quarkus-run.jar'), versions.kafkaLibs]) {
    if (!existsSync(expected))
      throw new StackError(`maven finished but ${expected} is missing; delete ${cacheDir} and retry`);
  }
}
