import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const usage = 'usage: pnpm stack up | down | status | logs [component] [-f]   [--brokers N]';

/** `--brokers N` is STACK_BROKERS for this run; it must be set before the settings are read. */
function takeBrokers(args: string[]): string[] {
  const at = args.indexOf('--brokers');
  if (at === -1) return args;
  const count = args[at + 1];
  if (count === undefined || !/^\d+$/.test(count))
    throw new Error('--brokers needs a number, e.g. --brokers 3');
  process.env.STACK_BROKERS = count;
  return [...args.slice(0, at), ...args.slice(at + 2)];
}

const rest = takeBrokers(process.argv.slice(2));
const { logFile, StackError } = await import('./proc');
const { components, down, status, up } = await import('./stack');

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'up':
      await up();
      return 0;
    case 'down':
      await down();
      return 0;
    case 'status': {
      const rows = await status();
      for (const row of rows) {
        const state = row.pid === undefined ? 'stopped' : row.healthy ? 'healthy' : 'unhealthy';
        const pid = row.pid === undefined ? '' : `pid ${row.pid}`;
        process.stdout.write(`${row.name.padEnd(10)} ${state.padEnd(10)} ${pid.padEnd(12)} ${row.url}\n`);
      }
      return rows.every((row) => row.healthy) ? 0 : 1;
    }
    case 'logs':
      return logs(rest);
    default:
      process.stderr.write(`${usage}\n`);
      return 2;
  }
}

function logs(args: string[]): Promise<number> {
  const follow = args.includes('-f') || args.includes('--follow');
  const names = args.filter((arg) => !arg.startsWith('-'));
  const known = components.map((component) => component.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new StackError(`unknown component ${unknown.join(', ')}; choose from ${known.join(', ')}`);
  }
  const files = (names.length > 0 ? names : known).map(logFile).filter((file) => existsSync(file));
  if (files.length === 0) throw new StackError('no logs yet; run "pnpm stack up" first');
  const tail = spawn('tail', ['-n', '100', ...(follow ? ['-F'] : []), ...files], { stdio: 'inherit' });
  return new Promise((resolve) => tail.on('exit', (code) => resolve(code ?? 0)));
}

main(rest).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof StackError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`stack: ${message}\n`);
    process.exit(1);
  },
);
