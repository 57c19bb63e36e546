import { ProcessingAbandoned, RunFailure, type RunStep } from '../message';

/**
 * The outermost step. A run that fails at one message is split there: the messages before it
 * are already handled, the failing one goes through the chain alone (where retry and the dead
 * letter deal with it), and the run carries on after it. One bad message costs its neighbours
 * nothing, and is never retried together with a whole run.
 */
export const isolate: RunStep = (next) => async (run) => {
  for (let done = 0; done < run.length; ) {
    try {
      await next(run.slice(done));
      return;
    } catch (error) {
      const failure = RunFailure.at(done, error);
      if (run.length - done === 1 || failure.cause instanceof ProcessingAbandoned) throw failure;
      try {
        await next([run[failure.index]!]);
      } catch (alone) {
        throw RunFailure.at(failure.index, alone);
      }
      done = failure.index + 1;
    }
  }
};
