import { parseArgs } from 'node:util';
import type { Outcome } from './load';

export const usage = `usage:
  pnpm bench [--duration <s>] [--rate <orders/s> | --max] [--concurrency <n>] [--mix <confirmed,outOfStock,declined>]
             [--drain <s>] [--no-reference] [--keep-stack] [--profile] [--soak] [--compare <earlier.json>]
             [--instances <n>] [--brokers <n>]                 n processes of each service; n Kafka nodes
  pnpm bench --preset latency                            open loop at 20 orders/s for 60 s
  pnpm bench --preset half-capacity --capacity <sagas/s>  open loop at half the given capacity for 60 s
  pnpm bench --idle <s>                                  no orders: each process's share of one core
  pnpm bench compare <earlier.json> <later.json>         the change of every figure, without running
  pnpm bench floor [--rate <msg/s>] [--window <s>] [--runs <n>] [--experiments kafka,pg,hop] [--saturation]
                                                         CPU per message of one hop's libraries alone`;

export interface BenchSettings {
  /** open: `--rate`; max: closed loop; idle: no orders (`--idle`). */
  mode: 'open' | 'max' | 'idle';
  preset: 'latency' | 'half-capacity' | null;
  durationSeconds: number;
  rate: number | null;
  concurrency: number;
  mix: Record<Outcome, number>;
  drainSeconds: number;
  reference: boolean;
  keepStack: boolean;
  profile: boolean;
  /** Sample every 10 s and fit slopes: `--soak`, or any loaded run of 600 s or more. */
  soak: boolean;
  /** An earlier result to print the change against, after the summary. */
  compare: string | null;
  /** Processes of each service; the orders go to the order instances in turn. */
  instances: number;
  /** Kafka nodes of the stack, 3 for the cluster; null: as STACK_BROKERS says (1 unless set). */
  brokers: number | null;
}

/** The measurements of `pnpm bench floor`; `pg` on the command line is both transaction cases. */
export type FloorCase = 'kafka' | 'pg-serial' | 'pg-pipelined' | 'hop';
const floorExperiments: Record<string, FloorCase[]> = {
  kafka: ['kafka'],
  pg: ['pg-serial', 'pg-pipelined'],
  hop: ['hop'],
};

export interface FloorSettings {
  /** Messages per second offered in each window; with `saturation`, every case also runs flat out. */
  rate: number;
  saturation: boolean;
  windowSeconds: number;
  runs: number;
  cases: FloorCase[];
}

export type Command =
  | { command: 'help' }
  | { command: 'compare'; earlier: string; later: string }
  | { command: 'floor'; settings: FloorSettings }
  | { command: 'run'; settings: BenchSettings };

/** Runs this long or longer take soak samples without being asked. */
export const soakFromSeconds = 600;
const soakDefaultSeconds = 1800;
const presets = { latency: { rate: 20, durationSeconds: 60 } } as const;

function fail(message: string): never {
  throw new Error(`${message}\n${usage}`);
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) fail(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

/** A count from 1 to `most`: service instances sit 10 ports apart, Kafka nodes 100. */
function whole(name: string, raw: string, most: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > most)
    fail(`--${name} must be 1 to ${most}, got "${raw}"`);
  return value;
}

function parseMix(raw: string): Record<Outcome, number> {
  const weights = raw.split(',').map((part) => Number(part));
  if (
    weights.length !== 3 ||
    weights.some((w) => !Number.isFinite(w) || w < 0) ||
    weights.every((w) => w === 0)
  )
    fail(`--mix takes three non-negative weights, e.g. 80,10,10; got "${raw}"`);
  return { confirmed: weights[0]!, outOfStock: weights[1]!, declined: weights[2]! };
}

function parseFloor(args: string[]): Command {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      rate: { type: 'string', default: '10' },
      window: { type: 'string', default: '30' },
      runs: { type: 'string', default: '3' },
      experiments: { type: 'string', default: 'kafka,pg,hop' },
      saturation: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { command: 'help' };
  if (positionals.length > 0) fail(`unexpected argument "${positionals[0]}"`);
  const cases = values.experiments.split(',').flatMap((name) => {
    if (!Object.hasOwn(floorExperiments, name)) fail(`--experiments takes kafka, pg and hop, got "${name}"`);
    return floorExperiments[name]!;
  });
  return {
    command: 'floor',
    settings: {
      rate: positive('rate', values.rate),
      saturation: values.saturation,
      windowSeconds: positive('window', values.window),
      runs: whole('runs', values.runs, 99),
      cases: [...new Set(cases)],
    },
  };
}

/** What `pnpm bench <args>` asks for; throws with the usage on anything it cannot make sense of. */
export function parseCommand(args: string[]): Command {
  // Its options are its own: the run's parser would refuse them.
  if (args[0] === 'floor') return parseFloor(args.slice(1));
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      duration: { type: 'string' },
      rate: { type: 'string' },
      max: { type: 'boolean', default: false },
      preset: { type: 'string' },
      capacity: { type: 'string' },
      idle: { type: 'string' },
      soak: { type: 'boolean', default: false },
      compare: { type: 'string' },
      concurrency: { type: 'string', default: '256' },
      mix: { type: 'string', default: '80,10,10' },
      drain: { type: 'string', default: '300' },
      'no-reference': { type: 'boolean', default: false },
      'keep-stack': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      instances: { type: 'string', default: '1' },
      brokers: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { command: 'help' };
  if (positionals[0] === 'compare') {
    if (positionals.length !== 3) fail('compare takes two result files: the earlier, then the later');
    return { command: 'compare', earlier: positionals[1]!, later: positionals[2]! };
  }
  if (positionals.length > 0) fail(`unexpected argument "${positionals[0]}"`);

  const loads = [
    values.rate !== undefined && '--rate',
    values.max && '--max',
    values.preset !== undefined && '--preset',
    values.idle !== undefined && '--idle',
  ].filter(Boolean);
  if (loads.length > 1) fail(`${loads.join(' and ')} exclude each other`);
  if (values.capacity !== undefined && values.preset !== 'half-capacity')
    fail('--capacity goes with --preset half-capacity');
  if (values.idle !== undefined && (values.soak || values.duration !== undefined))
    fail('--idle <s> is a duration of its own; it takes no --soak or --duration');

  let mode: BenchSettings['mode'] = values.rate === undefined ? 'max' : 'open';
  let rate = values.rate === undefined ? null : positive('rate', values.rate);
  let preset: BenchSettings['preset'] = null;
  let durationSeconds = values.soak ? soakDefaultSeconds : 60;
  if (values.preset === 'latency') {
    ({ rate, durationSeconds } = presets.latency);
  } else if (values.preset === 'half-capacity') {
    if (values.capacity === undefined) fail('--preset half-capacity needs --capacity <sagas/s>');
    rate = Math.round(positive('capacity', values.capacity) * 5) / 10;
  } else if (values.preset !== undefined) {
    fail(`--preset is latency or half-capacity, got "${values.preset}"`);
  }
  if (values.preset !== undefined) {
    mode = 'open';
    preset = values.preset as BenchSettings['preset'];
  }
  if (values.idle !== undefined) {
    mode = 'idle';
    durationSeconds = positive('idle', values.idle);
  }
  if (values.duration !== undefined) durationSeconds = positive('duration', values.duration);
  return {
    command: 'run',
    settings: {
      mode,
      preset,
      durationSeconds,
      rate,
      concurrency: Math.round(positive('concurrency', values.concurrency)),
      mix: parseMix(values.mix),
      drainSeconds: positive('drain', values.drain),
      // An idle run measures overhead; the reference runs would only load the machine afterwards.
      reference: !values['no-reference'] && mode !== 'idle',
      keepStack: values['keep-stack'],
      profile: values.profile,
      soak: mode !== 'idle' && (values.soak || durationSeconds >= soakFromSeconds),
      compare: values.compare ?? null,
      instances: whole('instances', values.instances, 9),
      brokers: values.brokers === undefined ? null : whole('brokers', values.brokers, 5),
    },
  };
}
