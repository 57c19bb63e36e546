import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { rawMessage } from '../../testing/handler-harness';
import { ProcessingAbandoned, type RawMessage, RunFailure } from '../message';
import { isolate } from './isolate';

const run = Array.from({ length: 5 }, (_, offset) => rawMessage('t', Buffer.from('x'), {}, offset));
const offsets = (messages: RawMessage[]) => messages.map((message) => message.offset);

/** A chain in which `bad` fails in any run, alone with `alone` (undefined: alone it is dead-lettered). */
function chain(bad: string, failures: { inRun: unknown; alone?: unknown }) {
  const calls: string[][] = [];
  const handle = isolate(async (messages) => {
    calls.push(offsets(messages));
    const index = messages.findIndex((message) => message.offset === bad);
    if (index < 0) return;
    if (messages.length > 1) throw new RunFailure(index, failures.inRun);
    if (failures.alone) throw new RunFailure(0, failures.alone);
  });
  return { handle, calls };
}

describe('isolate', () => {
  it('given a run failing at one message, then that message goes alone and the run carries on after it', async () => {
    const { handle, calls } = chain('2', { inRun: AppError.poison('EVENT_INVALID', 'bad') });
    await handle(run);
    expect(calls).toEqual([['0', '1', '2', '3', '4'], ['2'], ['3', '4']]);
  });

  it('given the message fails alone too, then the failure names its place in the whole run', async () => {
    const unreachable = new Error('dead-letter topic unreachable');
    const { handle, calls } = chain('3', { inRun: new Error('bug'), alone: unreachable });
    const failure = await handle(run).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RunFailure);
    expect(failure).toMatchObject({ index: 3, cause: unreachable });
    expect(calls).toEqual([['0', '1', '2', '3', '4'], ['3']]);
  });

  it('given the consumer stops, then the run is abandoned where it stood', async () => {
    const { handle, calls } = chain('1', { inRun: new ProcessingAbandoned('stopping') });
    await expect(handle(run)).rejects.toMatchObject({ index: 1, cause: expect.any(ProcessingAbandoned) });
    expect(calls).toEqual([['0', '1', '2', '3', '4']]);
  });

  it('given a run of one that fails, then its failure is passed on as it is', async () => {
    const { handle, calls } = chain('0', { inRun: new Error('never'), alone: new Error('alone') });
    await expect(handle(run.slice(0, 1))).rejects.toMatchObject({ index: 0 });
    expect(calls).toEqual([['0']]);
  });
});
