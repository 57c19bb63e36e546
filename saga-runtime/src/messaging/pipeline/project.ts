import type { Database } from '../../db/database';
import type { EventMapBase, IncomingEvent } from '../event';
import type { Projector } from '../handler';
import { RunFailure, type RunHandler } from '../message';
import { type DecodeOptions, decodeEvent } from './decode';
import { linksOf } from './tracing';
import { runTransactions } from './transaction';

export interface ProjectOptions<M extends EventMapBase> extends Pick<DecodeOptions<M>, 'decode'> {
  db: Pick<Database, 'transaction'>;
  project: Projector<M>;
  /** After the transaction committed: the run's events by topic. */
  onProjected?(topic: string, seconds: number): void;
}

/**
 * The end of a read model's chain: decode the run and hand it whole to the projector, in one
 * transaction. A read model is off the saga's path and idempotent, so it pays for none of what a
 * saga step needs: no inbox claim, no span or log line per event (the run's transaction span links
 * the events' traces).
 */
export function projectRuns<M extends EventMapBase>(options: ProjectOptions<M>): RunHandler {
  const inTransaction = runTransactions(options.db);
  return async (run) => {
    const started = performance.now();
    const events: IncomingEvent<M>[] = [];
    let undecodable: RunFailure | undefined;
    for (const [index, message] of run.entries()) {
      try {
        events.push(await decodeEvent<M>(message, options.decode));
      } catch (error) {
        undecodable = new RunFailure(index, error);
        break;
      }
    }
    const { results, failure } = await inTransaction(
      events,
      async (tx, batch) => {
        await options.project(batch, { tx });
        return batch;
      },
      linksOf(run.slice(0, events.length)),
    );
    const seconds = (performance.now() - started) / 1000 / Math.max(1, results.length);
    for (const event of results) options.onProjected?.(event.topic, seconds);
    const first = failure ?? undecodable;
    if (first) throw first;
  };
}
