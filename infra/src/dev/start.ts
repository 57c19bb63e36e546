/**
 * `pnpm start`: the local stack, then the four services, their JSON logs prefixed and made
 * readable by pino-pretty. A service that exits is restarted after a short pause (a kafkajs
 * crash makes a service exit on purpose, trusting its supervisor). Ctrl-C stops the services;
 * the stack keeps running until `pnpm stack down`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { prettyFactory } from 'pino-pretty';
import { servicePorts, urls } from '../stack/settings';
import { up } from '../stack/stack';
import { buildAll } from './build';
import {
  type ServiceName,
  type ServiceProcess,
  serviceNames,
  startService,
  stopService,
  waitUntilReady,
} from './services';

const colours: Record<ServiceName, string> = {
  order: '36',
  inventory: '33',
  payment: '35',
  notification: '32',
};
let stopping = false;

// Fields on the entry's line, an error's stack below it; time in UTC like the logs.
const pretty = prettyFactory({
  colorize: process.stdout.isTTY,
  singleLine: true,
  ignore: 'service,pid,hostname',
  translateTime: 'UTC:HH:MM:ss.l',
});

function print(name: ServiceName, line: string): void {
  const prefix = `\x1b[${colours[name]}m${name.padEnd(12)}\x1b[0m|`;
  // What is not a log entry (a crash's stack trace on stderr) passes through as it is.
  const text = pretty(line).trimEnd().split('\n');
  process.stdout.write(text.map((part) => `${prefix} ${part}\n`).join(''));
}

async function supervise(name: ServiceName, running: Map<ServiceName, ServiceProcess>): Promise<void> {
  for (let restarts = 0; !stopping; restarts++) {
    const service = startService(name, { onLine: print });
    running.set(name, service);
    const code = await service.exited;
    if (stopping) return;
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(restarts, 5));
    print(name, `exited with code ${code}; restarting in ${delay / 1000}s`);
    await sleep(delay);
  }
}

await buildAll();
// On a first run Jaeger takes minutes to build: the services start without it, and their spans
// reach it once it is up.
const stack = await up({ deferrable: ['jaeger'] });
stack.later.then(
  (names) => {
    if (names.length > 0)
      process.stdout.write(`stack: ${names.join(', ')} up: traces from now on are at ${urls.jaegerQuery}\n`);
  },
  (error: unknown) =>
    process.stdout.write(
      `stack: tracing stays off, Jaeger did not come up: ${error instanceof Error ? error.message : String(error)}\n`,
    ),
);
const running = new Map<ServiceName, ServiceProcess>();
for (const name of serviceNames) void supervise(name, running);
await Promise.all([...running.values()].map((service) => waitUntilReady(service, 120_000)));
process.stdout.write(
  `\nAll services ready: ${serviceNames.map((name) => `${name} :${servicePorts[name]}`).join(', ')}.\n` +
    'Try `pnpm demo` in another terminal. Ctrl-C stops the services (the stack keeps running).\n\n',
);

const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.all([...running.values()].map((service) => stopService(service)));
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
