/**
 * `pnpm bench`: the real stack and the four services as processes, loaded open-loop (`--rate`,
 * `--preset`), closed-loop (max throughput) or not at all (`--idle`), measured from the client's
 * side, compared with Kafka's and Postgres' own limits on this machine in the same run;
 * `pnpm bench compare` for two stored results; and `pnpm bench floor`, the CPU one hop costs with
 * our libraries alone. See the README, "Benchmark".
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredResult } from './figures';
import { parseCommand, usage } from './options';

function fail(error: unknown): never {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const command = (() => {
  try {
    return parseCommand(process.argv.slice(2));
  } catch (error) {
    fail(error);
  }
})();
// --brokers is the stack's STACK_BROKERS, which must be set before anything reads the settings.
if (command.command === 'run' && command.settings.brokers !== null) {
  process.env.STACK_BROKERS = String(command.settings.brokers);
}
const { repoRoot } = await import('../stack/settings');
const { renderComparison } = await import('./compare');
const { runFloor } = await import('./floor/orchestrator');
const { renderFloor, summarise } = await import('./floor/summary');
const { renderHtmlReport } = await import('./report-html');
const { runBench, say } = await import('./run');
const { renderSummary } = await import('./summary');

/** A result written by an earlier run; figures it lacks show as missing in the comparison. */
function readResult(path: string): StoredResult {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || !('startedAt' in parsed) || !('settings' in parsed))
    throw new Error(`${path} is not a bench result`);
  return parsed as StoredResult;
}

async function main(): Promise<void> {
  if (command.command === 'help') {
    console.log(usage);
    return;
  }
  if (command.command === 'compare') {
    process.stdout.write(renderComparison(readResult(command.earlier), readResult(command.later)));
    return;
  }
  if (command.command === 'floor') {
    const result = await runFloor(command.settings);
    const summary = summarise(result.windows);
    const file = `floor-${result.startedAt.replace(/[:.]/g, '-')}.json`;
    mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
    writeFileSync(
      join(repoRoot, 'bench-results', file),
      `${JSON.stringify({ ...result, summary }, null, 2)}\n`,
    );
    process.stdout.write(`\n${renderFloor(summary)}`);
    say(`wrote bench-results/${file}`);
    return;
  }
  const { settings } = command;
  // Read it first: a typo should fail now, not after the run.
  const earlier = settings.compare === null ? null : readResult(settings.compare);
  const result = await runBench(settings);
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const dir = join(repoRoot, 'bench-results');
  writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(dir, `${stamp}.html`), renderHtmlReport(result));
  process.stdout.write(`\n${renderSummary(result)}\n`);
  if (earlier) process.stdout.write(`${renderComparison(earlier, result)}\n`);
  say(`wrote bench-results/${stamp}.json and bench-results/${stamp}.html`);
}

// Exit explicitly: client libraries keep idle keep-alive sockets that would hold the process open.
main().then(() => process.exit(0), fail);
