import { parseArgs } from 'node:util';

export const usage =
  'usage: pnpm topics | pnpm topics tail <topic> [--key <key>] [--from-beginning | --last <n>] [--follow]';

/** Enough to see what just happened on each partition, few enough to fit a screen or two. */
export const defaultLast = 10;

export type TopicsCommand =
  | { command: 'list' }
  | {
      command: 'tail';
      topic: string;
      key: string | undefined;
      fromBeginning: boolean;
      /** Messages per partition before its end where the read starts; ignored with fromBeginning. */
      last: number;
      follow: boolean;
    };

/** Bad input on the command line: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

export function parseTopicsArgs(argv: string[]): TopicsCommand {
  const { positionals, values } = parsed(argv);
  const [command, topic, ...extra] = positionals;
  const options = Object.keys(values);
  if (command === undefined) {
    if (options.length > 0) throw new UsageError(`--${options[0]} applies to tail only`);
    return { command: 'list' };
  }
  if (command !== 'tail') throw new UsageError(`unknown command "${command}"`);
  if (topic === undefined) throw new UsageError('tail needs a topic');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (values['from-beginning'] && values.last !== undefined) {
    throw new UsageError('--from-beginning and --last exclude each other');
  }
  return {
    command: 'tail',
    topic,
    key: values.key,
    fromBeginning: values['from-beginning'] ?? false,
    last: values.last === undefined ? defaultLast : count(values.last),
    follow: values.follow ?? false,
  };
}

function parsed(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        key: { type: 'string' },
        'from-beginning': { type: 'boolean' },
        last: { type: 'string' },
        follow: { type: 'boolean' },
      },
    });
  } catch (error) {
    // Node's own message goes on to explain `--` for positionals that start with a dash: its
    // first sentence is the one-line error.
    throw new UsageError((error as Error).message.split('. ')[0] ?? String(error));
  }
}

function count(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`--last must be a whole number, got "${raw}"`);
  return Number(raw);
}
