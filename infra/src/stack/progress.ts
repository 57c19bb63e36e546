import { spawn } from 'node:child_process';

const say = (line: string) => process.stdout.write(`stack: ${line}\n`);

export function elapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60
    ? `${seconds}s`
    : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/**
 * Runs a first-run step that takes minutes, saying now and then that it is still at it and how
 * far it got (`detail`), so a newcomer watching a quiet terminal knows nothing hangs.
 */
export async function withProgress<T>(
  label: string,
  work: () => Promise<T>,
  detail: () => string | undefined = () => undefined,
  everyMs = 15_000,
): Promise<T> {
  const started = Date.now();
  say(`${label} (first run only)`);
  const timer = setInterval(() => {
    const extra = detail();
    say(`${label}: ${elapsed(Date.now() - started)} so far${extra ? `, ${extra}` : ''}`);
  }, everyMs);
  try {
    const result = await work();
    const extra = detail();
    say(`${label}: done in ${elapsed(Date.now() - started)}${extra ? `, ${extra}` : ''}`);
    return result;
  } finally {
    clearInterval(timer);
  }
}

export interface Finished {
  code: number;
  /** stdout and stderr together, for the error message when the command fails. */
  output: string;
}

/** Runs a command to its end, handing each line it prints (stdout or stderr) to `onLine`. */
export function runLines(
  command: string,
  args: string[],
  onLine: (line: string) => void,
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: string[] = [];
    let kept = 0;
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => {
        // Enough of the output to explain a failure, without holding a long build's log in memory.
        if (kept < 1_000_000) {
          chunks.push(text);
          kept += text.length;
        }
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
      stream.on('end', () => {
        if (partial) onLine(partial);
      });
    }
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output: chunks.join('') }));
  });
}
