import type postgres from 'postgres';
import type { BaseConfig } from '../config';
import type { Executor } from '../db/database';
import { deadLetteredOffsets, inbox, outbox } from '../db/messaging-schema';
import { pruneAll, type Retention } from '../db/prune';
import type { Logger } from '../logger';
import { expiredParking, parkingProtocol } from '../messaging/parking-protocol';
import type { Publish } from '../messaging/publish';

/** What every service database keeps for a while only: the messaging bookkeeping. */
export function messagingRetentions(
  config: Pick<BaseConfig, 'INBOX_RETENTION' | 'OUTBOX_RETENTION' | 'DEAD_LETTER_RETENTION'>,
): Retention[] {
  return [
    { table: inbox, column: inbox.processedAt, retentionMs: config.INBOX_RETENTION },
    // Unpublished rows have no published_at, so they are never pruned.
    { table: outbox, column: outbox.publishedAt, retentionMs: config.OUTBOX_RETENTION },
    {
      table: deadLetteredOffsets,
      column: deadLetteredOffsets.deadLetteredAt,
      retentionMs: config.DEAD_LETTER_RETENTION,
    },
  ];
}

export interface PruningOptions {
  db: Executor;
  sql: postgres.Sql;
  retentions: Retention[];
  /** A dead letter left this long without a redrive or a discard is discarded. */
  deadLetterRetentionMs: number;
  /** Where a discard publishes again what was parked behind the dead letter. */
  publish: Publish;
  intervalMs: number;
  logger: Logger;
  onPruned?(table: string, count: number): void;
}

export interface Pruning {
  /** One pass over every retention; what the timer runs. */
  pruneOnce(): Promise<void>;
  /** Stops the timer and waits for a pass under way. */
  stop(): Promise<void>;
}

// Discards are one transaction and one publish each: a pass takes a bounded number of them.
const expiredPerPass = 100;

/**
 * The service's one pruning job: every `intervalMs`, rows past their retention are deleted in
 * small batches, and dead letters nobody answered in time are discarded. Instances may prune at
 * once; a row two of them reach is deleted by one.
 */
export function startPruning(options: PruningOptions): Pruning {
  const { logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let stopped = false;

  const report = (table: string, count: number) => {
    if (count === 0) return;
    options.onPruned?.(table, count);
    logger.info('rows pruned', { table, count });
  };

  async function discardExpired(): Promise<void> {
    for (const { group, key } of await expiredParking(
      options.sql,
      options.deadLetterRetentionMs,
      expiredPerPass,
    )) {
      const released = await parkingProtocol(options.sql, group).discard(key, options.publish);
      report('parked_keys', 1);
      logger.warn('dead letter unanswered past its retention; discarded', {
        consumer_group: group,
        order_id: key,
        released,
      });
    }
  }

  async function pruneOnce(): Promise<void> {
    for (const [table, count] of Object.entries(await pruneAll(options.db, options.retentions))) {
      report(table, count);
    }
    await discardExpired();
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      pass = pruneOnce()
        .catch((error: unknown) =>
          logger.warn('pruning failed; retrying at the next interval', { err: error }),
        )
        .finally(schedule);
    }, options.intervalMs);
  };
  schedule();

  return {
    pruneOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pass;
    },
  };
}
