import { explainUnreachable } from './connections';

/**
 * Runs an operator CLI's main and exits with the code it returns. A failure prints as
 * `<name>: <message>`, without a stack trace: operator errors say what to do next, and a trace
 * would bury that line.
 */
export function runCli(name: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (failure: unknown) => {
      const error = explainUnreachable(failure);
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
