import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StackError } from '../proc';

const run = promisify(execFile);

/**
 * Resolves a tool by name, from PATH or from where its official installer puts it (Go's
 * tarball lives in /usr/local/go/bin, which non-login shells often lack on PATH).
 */
export async function requireCommand(command: 'mvn' | 'go', hint: string): Promise<string> {
  const versionArgs = { mvn: ['--version'], go: ['version'] }[command];
  const candidates = command === 'go' ? ['go', '/usr/local/go/bin/go'] : ['mvn'];
  for (const candidate of candidates) {
    try {
      await run(candidate, versionArgs, { timeout: 30_000 });
      return candidate;
    } catch {
      // try the next place
    }
  }
  throw new StackError(`"${command}" was not found on PATH: ${hint}`);
}

/** Major version of a `java` binary, read from `java -version` (which prints to stderr). */
async function javaMajor(javaBin: string): Promise<number | undefined> {
  try {
    const { stderr } = await run(javaBin, ['-version'], { timeout: 30_000 });
    const match = /version "(\d+)(?:\.(\d+))?/.exec(stderr);
    if (!match) return undefined;
    const major = Number(match[1]);
    return major === 1 ? Number(match[2]) : major;
  } catch {
    return undefined;
  }
}

/**
 * Finds a Java runtime of at least `minimum`: $JAVA_HOME, then `java` on PATH, then the JDKs
 * installed side by side under /usr/lib/jvm (Kafka runs on 17, the registry needs 21).
 */
export async function findJava(minimum: number, purpose: string): Promise<string> {
  const candidates = [
    process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : undefined,
    'java',
    ...listJvms().map((home) => join(home, 'bin/java')),
  ].filter((c): c is string => c !== undefined);
  for (const candidate of candidates) {
    const major = await javaMajor(candidate);
    if (major !== undefined && major >= minimum) return candidate;
  }
  throw new StackError(
    `${purpose} needs Java ${minimum} or newer and none was found (JAVA_HOME, PATH, /usr/lib/jvm); ` +
      `install one (e.g. "apt-get install openjdk-${minimum}-jre-headless") or set JAVA_HOME`,
  );
}

function listJvms(): string[] {
  try {
    return readdirSync('/usr/lib/jvm', { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join('/usr/lib/jvm', entry.name))
      .sort()
      .reverse();
  } catch {
    return [];
  }
}
