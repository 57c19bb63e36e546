import type { Link } from '@opentelemetry/api';
import type { Database, Tx } from '../../db/database';
import { dbAttributes, inSpan } from '../../telemetry/spans';
import { RunFailure } from '../message';

export interface Committed<R> {
  /** One result per item committed, from the first on. */
  results: R[];
  /** The item that failed, when not all were committed. */
  failure?: RunFailure;
}

/**
 * One transaction per run. `apply` throws a `RunFailure` for the item it failed on; everything
 * is rolled back, then the items before it, which were fine, are committed without it.
 */
export function runTransactions(db: Pick<Database, 'transaction'>) {
  // One run transaction at a time per group: two of them would lock shared rows (a product, an
  // account) in different orders and deadlock. Partitions still decode and retry in parallel.
  let turn: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };

  /** `links`: the traces of the run's messages, which the transaction's span belongs to. */
  return <T, R>(
    items: T[],
    apply: (tx: Tx, items: T[]) => Promise<R[]>,
    links: Link[] = [],
  ): Promise<Committed<R>> =>
    oneAtATime(async () => {
      let failure: RunFailure | undefined;
      for (let end = items.length; end > 0; ) {
        try {
          const results = await inSpan(
            'handler transaction',
            { attributes: dbAttributes('transaction'), links },
            () => db.transaction((tx) => apply(tx, items.slice(0, end))),
          );
          return { results, failure };
        } catch (error) {
          // Not the failure of an item (BEGIN or COMMIT failed): it takes every item with it.
          failure = RunFailure.at(0, error);
          end = failure.index;
        }
      }
      return { results: [], failure };
    });
}
