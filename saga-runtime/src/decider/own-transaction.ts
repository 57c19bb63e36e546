import { committing } from '../db/after-commit';
import type { DatabaseHandle } from '../db/database';
import type { EventMapBase } from '../messaging/event';
import { type OutboxContext, outboxPublisher } from '../messaging/outbox';
import type { UnitOfWork } from './handle-with-decider';

export interface OwnTransactionDeps {
  database: Pick<DatabaseHandle, 'db'>;
  outbox: Omit<OutboxContext, 'causation'>;
}

/**
 * For commands that start outside a consumer (a request, a timer): a transaction of their own,
 * whose events are caused by no other event. A consumer hands its own transaction instead.
 */
export function inOwnTransaction<M extends EventMapBase, T, P extends keyof M & string = keyof M & string>(
  deps: OwnTransactionDeps,
  work: (unit: UnitOfWork<M, P>) => Promise<T>,
): Promise<T> {
  return committing((afterCommit) =>
    deps.database.db.transaction((tx) =>
      work({
        tx,
        publish: outboxPublisher<M, P>(tx, { ...deps.outbox, causation: null }).publish,
        afterCommit,
      }),
    ),
  );
}
