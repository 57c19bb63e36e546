import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { installOnce, StackError } from '../stack/proc';
import { cacheDir } from '../stack/settings';

const run = promisify(execFile);

/** Pinned: checks, options and the report format all changed between major versions. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * What an API must never do, whatever it is sent: answer 5xx, or answer anything its own
 * OpenAPI document does not describe (status code, content type, body).
 */
export const contractChecks = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
] as const;

// In the stack's cache (git-ignored, like the other downloaded tools), so a rerun finds it installed.
const venv = join(cacheDir, 'python');
const st = join(venv, 'bin', 'st');

/** Installs the pinned schemathesis into its own virtualenv unless it is already there; returns `st`. */
export async function ensureSchemathesis(): Promise<string> {
  await installOnce('schemathesis', async () => (await installedVersion()) === SCHEMATHESIS_VERSION, install);
  return st;
}

async function install(): Promise<void> {
  await requirePython();
  // A half-finished or outdated environment is cheaper to recreate than to repair.
  rmSync(venv, { recursive: true, force: true });
  try {
    await run('python3', ['-m', 'venv', venv], { timeout: 120_000 });
  } catch {
    rmSync(venv, { recursive: true, force: true });
    throw new StackError(
      'schemathesis needs the Python venv module, which is missing: install it ("apt-get install python3-venv")',
    );
  }
  try {
    await run(
      join(venv, 'bin', 'pip'),
      ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
      { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    rmSync(venv, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? String(error);
    throw new StackError(`could not install schemathesis ${SCHEMATHESIS_VERSION} from PyPI: ${stderr}`);
  }
}

async function installedVersion(): Promise<string | undefined> {
  if (!existsSync(st)) return undefined;
  try {
    const { stdout } = await run(st, ['--version'], { timeout: 60_000 });
    return /version (\S+)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}

async function requirePython(): Promise<void> {
  try {
    await run('python3', ['--version'], { timeout: 30_000 });
  } catch {
    throw new StackError(
      'schemathesis needs Python 3, and "python3" is not on PATH ("apt-get install python3")',
    );
  }
}

/** The parts of schemathesis' JSON run report (`--report json`) that tell whether a run passed. */
export interface SchemathesisReport {
  exit_code: number;
  operations: { total: number; selected: number; tested: number; errored: number; skipped: number };
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: unknown[];
  errors: unknown[];
  warnings: Record<string, unknown[]>;
}

export interface FuzzTarget {
  name: string;
  baseUrl: string;
  /** Sent with every request, e.g. the admin bearer token, so that admin routes are tested past 401. */
  headers?: Record<string, string>;
}

export interface FuzzOptions {
  /** Test cases per operation and phase: the knob that bounds the run time. */
  maxExamples: number;
  seed: number;
  /** Where the JSON report (and schemathesis' own state) goes. */
  outputDir: string;
}

export interface FuzzResult {
  exitCode: number | null;
  /** What `st run` printed: the failures, each with a curl command that reproduces it. */
  output: string;
  report: SchemathesisReport;
}

/** Runs `st run` against a service's /openapi.json with the contract checks. */
export async function fuzz(target: FuzzTarget, options: FuzzOptions): Promise<FuzzResult> {
  const command = await ensureSchemathesis();
  const dir = join(options.outputDir, target.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const reportPath = join(dir, 'report.json');
  const args = [
    'run',
    `${target.baseUrl}/openapi.json`,
    '--checks',
    contractChecks.join(','),
    '--max-examples',
    String(options.maxExamples),
    '--seed',
    String(options.seed),
    // No example database: what a run tries depends on the seed alone, not on earlier runs.
    '--generation-database',
    'none',
    '--request-timeout',
    '10',
    '--no-color',
    '--report',
    'json',
    '--report-json-path',
    reportPath,
    ...Object.entries(target.headers ?? {}).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
  ];
  const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (!existsSync(reportPath)) throw new Error(`schemathesis wrote no report (exit ${exitCode}):\n${output}`);
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as SchemathesisReport;
  return { exitCode, output, report };
}
