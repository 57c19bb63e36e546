import type { Link } from '@opentelemetry/api';
import { type AfterCommit, committing } from '../../db/after-commit';
import type { Database, Tx } from '../../db/database';
import { dbAttributes, inSpan } from '../../telemetry/spans';
import { RunFailure } from '../message';
import { groupCommit } from './group-commit';

export interface Committed<R> {
  /** One result per item committed, from the first on. */
  results: R[];
  /** The item that failed, when not all were committed. */
  failure?: RunFailure;
}

interface Waiting<T, R> {
  items: T[];
  links: Link[];
  done(committed: Committed<R>): void;
}

/**
 * Runs are applied in transactions, one at a time per group: two at once would lock shared rows
 * (a product, an account) in different orders and deadlock. The runs of other partitions that
 * arrive meanwhile (one fetch brings a run of each) are applied together in the next transaction:
 * under load a group pays BEGIN, the inbox claim and COMMIT once per fetch, not once per partition.
 *
 * `apply` throws a `RunFailure` for the item it failed on; everything is rolled back, then the
 * items before it, which were fine, are committed without it. The run of the failed item gets the
 * failure; runs after it were not applied and go into the next transaction.
 */
export function runTransactions<T, R>(
  db: Pick<Database, 'transaction'>,
  apply: (tx: Tx, items: T[], afterCommit: AfterCommit) => Promise<R[]>,
) {
  async function commitPrefix(items: T[], links: Link[]): Promise<Committed<R>> {
    let failure: RunFailure | undefined;
    for (let end = items.length; end > 0; ) {
      try {
        // Only the attempt that commits runs what its items registered for after the commit.
        const results = await committing((afterCommit) =>
          inSpan('handler transaction', { attributes: dbAttributes('transaction'), links }, () =>
            db.transaction((tx) => apply(tx, items.slice(0, end), afterCommit)),
          ),
        );
        return { results, failure };
      } catch (error) {
        // Not the failure of an item (BEGIN or COMMIT failed): it takes every item with it.
        failure = RunFailure.at(0, error);
        end = failure.index;
      }
    }
    return { results: [], failure };
  }

  const submit = groupCommit(async (batch: Waiting<T, R>[]) => {
    const { results, failure } = await commitPrefix(
      batch.flatMap((waiting) => waiting.items),
      batch.flatMap((waiting) => waiting.links),
    );
    const untouched: Waiting<T, R>[] = [];
    let start = 0;
    for (const waiting of batch) {
      const end = start + waiting.items.length;
      if (!failure || failure.index >= end) {
        waiting.done({ results: results.slice(start, end) });
      } else if (failure.index >= start) {
        const local = new RunFailure(failure.index - start, failure.cause, failure.attempts);
        waiting.done({ results: results.slice(start, failure.index), failure: local });
      } else {
        untouched.push(waiting);
      }
      start = end;
    }
    return untouched;
  });

  /** `links`: the traces of the run's messages, which the transaction's span belongs to. */
  return (items: T[], links: Link[] = []): Promise<Committed<R>> =>
    new Promise((done) => submit({ items, links, done }));
}
