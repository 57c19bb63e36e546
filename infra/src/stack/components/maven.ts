import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { installOnce, StackError } from '../proc';
import { cacheDir, repoRoot, versions } from '../settings';
import { requireCommand } from './prerequisites';

const run = promisify(execFile);
export const registryHome = join(cacheDir, 'registry', versions.apicurio);

/** Kafka's jars and the Apicurio Registry come from Maven Central through infra/pom.xml. */
export async function fetchFromMaven(): Promise<void> {
  // The marker holds the pom's hash: a version bump in the pom fetches again.
  const pom = readFileSync(join(repoRoot, 'infra/pom.xml'));
  const fingerprint = createHash('sha256').update(pom).digest('hex');
  const marker = join(cacheDir, 'maven.fetched');
  const fetched = () => existsSync(marker) && readFileSync(marker, 'utf8') === fingerprint;
  await installOnce('maven', fetched, async () => {
    await fetchJars();
    writeFileSync(marker, fingerprint);
  });
}

async function fetchJars(): Promise<void> {
  const mvn = await requireCommand('mvn', 'install Maven (e.g. "apt-get install maven")');
  // Stale jars of an older version would end up on the same classpath.
  rmSync(versions.kafkaLibs, { recursive: true, force: true });
  process.stdout.write('stack: fetching Kafka and Apicurio Registry from Maven Central (first run only)\n');
  try {
    await run(
      mvn,
      [
        '-B',
        '-q',
        '-f',
        join(repoRoot, 'infra/pom.xml'),
        `-Dstack.dir=${cacheDir}`,
        'dependency:copy-dependencies',
        'dependency:unpack',
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? String(error);
    const firstError = output.split('\n').find((line) => line.includes('ERROR')) ?? output;
    throw new StackError(`maven could not fetch the stack's jars: ${firstError}`);
  }
  for (const expected of [join(registryHome, 'quarkus-run.jar'), versions.kafkaLibs]) {
    if (!existsSync(expected))
      throw new StackError(`maven finished but ${expected} is missing; delete ${cacheDir} and retry`);
  }
}
