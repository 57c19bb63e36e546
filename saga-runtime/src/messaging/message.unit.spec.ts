import { describe, expect, it } from 'vitest';
import { compose, type RawMessage, RunFailure, type RunStep } from './message';

describe('compose', () => {
  it('given steps, when a run is handled, then they wrap the handler outermost first', async () => {
    const calls: string[] = [];
    const step =
      (name: string): RunStep =>
      (next) =>
      async (run) => {
        calls.push(`${name} in`);
        await next(run);
        calls.push(`${name} out`);
      };
    await compose([step('outer'), step('inner')], async () => void calls.push('handler'))([] as RawMessage[]);
    expect(calls).toEqual(['outer in', 'inner in', 'handler', 'inner out', 'outer out']);
  });
});

describe('RunFailure.at', () => {
  it('given the failure of a later part of a run, then its index counts from the start of the run', () => {
    const cause = new Error('bad');
    const failure = RunFailure.at(3, new RunFailure(2, cause, 4));
    expect(failure).toMatchObject({ index: 5, cause, attempts: 4, message: 'bad' });
  });

  it('given anything else thrown, then it is the failure of the first message of that part, tried once', () => {
    const cause = new Error('down');
    expect(RunFailure.at(7, cause)).toMatchObject({ index: 7, cause, attempts: 1 });
  });
});
