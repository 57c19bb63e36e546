import { describe, expect, it } from 'vitest';
import { type BenchSettings, parseCommand } from './options';

const settings = (...args: string[]): BenchSettings => {
  const command = parseCommand(args);
  if (command.command !== 'run') throw new Error(`not a run: ${command.command}`);
  return command.settings;
};

describe('pnpm bench arguments', () => {
  it('runs the closed loop for 60 s by default, with the reference runs', () => {
    expect(settings()).toEqual({
      mode: 'max',
      preset: null,
      durationSeconds: 60,
      rate: null,
      concurrency: 256,
      mix: { confirmed: 80, outOfStock: 10, declined: 10 },
      drainSeconds: 300,
      reference: true,
      keepStack: false,
      profile: false,
      soak: false,
      compare: null,
      instances: 1,
      brokers: null,
    });
  });

  it('runs several instances of each service and a cluster of brokers when asked', () => {
    expect(settings('--instances', '2', '--brokers', '3')).toMatchObject({ instances: 2, brokers: 3 });
    expect(() => settings('--instances', '0')).toThrow(/--instances must be 1 to 9/);
    expect(() => settings('--brokers', '2.5')).toThrow(/--brokers must be 1 to 5/);
  });

  it('runs an open loop at the rate asked for', () => {
    expect(settings('--rate', '35', '--duration', '30')).toMatchObject({
      mode: 'open',
      rate: 35,
      durationSeconds: 30,
    });
  });

  it('knows the latency preset as 20 orders/s for 60 s, and lets --duration change its length', () => {
    expect(settings('--preset', 'latency')).toMatchObject({
      mode: 'open',
      preset: 'latency',
      rate: 20,
      durationSeconds: 60,
    });
    expect(settings('--preset', 'latency', '--duration', '120').durationSeconds).toBe(120);
  });

  it('offers half the given capacity with the half-capacity preset', () => {
    expect(settings('--preset', 'half-capacity', '--capacity', '49.3')).toMatchObject({
      mode: 'open',
      preset: 'half-capacity',
      rate: 24.7,
    });
    expect(() => settings('--preset', 'half-capacity')).toThrow('needs --capacity');
    expect(() => settings('--capacity', '50')).toThrow('--capacity goes with --preset half-capacity');
    expect(() => settings('--preset', 'fast')).toThrow('--preset is latency or half-capacity');
  });

  it('runs idle for the seconds given, without reference runs or soak samples', () => {
    expect(settings('--idle', '60')).toMatchObject({
      mode: 'idle',
      durationSeconds: 60,
      rate: null,
      reference: false,
      soak: false,
    });
    expect(() => settings('--idle', '60', '--duration', '30')).toThrow('--idle <s> is a duration of its own');
  });

  it('soaks for 30 minutes with --soak, and samples any run of 600 s or more', () => {
    expect(settings('--soak', '--rate', '20')).toMatchObject({ soak: true, durationSeconds: 1800 });
    expect(settings('--soak', '--rate', '20', '--duration', '3600').durationSeconds).toBe(3600);
    expect(settings('--rate', '20', '--duration', '600').soak).toBe(true);
    expect(settings('--rate', '20', '--duration', '599').soak).toBe(false);
  });

  it('refuses two kinds of load at once', () => {
    expect(() => settings('--rate', '20', '--max')).toThrow('--rate and --max exclude each other');
    expect(() => settings('--preset', 'latency', '--idle', '60')).toThrow(
      '--preset and --idle exclude each other',
    );
  });

  it('refuses bad numbers and mixes', () => {
    expect(() => settings('--rate', '0')).toThrow('--rate must be a positive number, got "0"');
    expect(() => settings('--mix', '80,10')).toThrow('--mix takes three non-negative weights');
  });

  it('keeps an earlier result to compare the run with', () => {
    expect(settings('--compare', 'bench-results/a.json').compare).toBe('bench-results/a.json');
  });

  it('compares two stored results without running', () => {
    expect(parseCommand(['compare', 'a.json', 'b.json'])).toEqual({
      command: 'compare',
      earlier: 'a.json',
      later: 'b.json',
    });
    expect(() => parseCommand(['compare', 'a.json'])).toThrow('compare takes two result files');
    expect(() => parseCommand(['run'])).toThrow('unexpected argument "run"');
  });

  it('measures the floor: every case at 10 msg/s, 30 s windows, three runs, unless told otherwise', () => {
    expect(parseCommand(['floor'])).toEqual({
      command: 'floor',
      settings: {
        rate: 10,
        saturation: false,
        windowSeconds: 30,
        runs: 3,
        cases: ['kafka', 'pg-serial', 'pg-pipelined', 'hop'],
      },
    });
    expect(
      parseCommand([
        'floor',
        '--rate',
        '20',
        '--window',
        '5',
        '--runs',
        '1',
        '--experiments',
        'hop,kafka,hop',
      ]),
    ).toMatchObject({ settings: { rate: 20, windowSeconds: 5, runs: 1, cases: ['hop', 'kafka'] } });
    expect(parseCommand(['floor', '--experiments', 'pg', '--saturation'])).toMatchObject({
      settings: { saturation: true, cases: ['pg-serial', 'pg-pipelined'] },
    });
  });

  it('refuses floor experiments and numbers it does not know, and the run options', () => {
    expect(() => parseCommand(['floor', '--experiments', 'kafka,redis'])).toThrow(
      '--experiments takes kafka, pg and hop, got "redis"',
    );
    expect(() => parseCommand(['floor', '--runs', '0'])).toThrow('--runs must be 1 to 99');
    expect(() => parseCommand(['floor', '--window', '0'])).toThrow('--window must be a positive number');
    expect(() => parseCommand(['floor', '--duration', '30'])).toThrow("Unknown option '--duration'");
    expect(parseCommand(['floor', '--help'])).toEqual({ command: 'help' });
  });

  it('answers --help with help', () => {
    expect(parseCommand(['--help'])).toEqual({ command: 'help' });
  });
});
