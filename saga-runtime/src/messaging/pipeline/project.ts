import type { Link } from '@opentelemetry/api';
import type { Database } from '../../db/database';
import { dbAttributes, inSpan } from '../../telemetry/spans';
import type { EventMapBase, IncomingEvent } from '../event';
import type { Projector } from '../handler';
import { RunFailure, type RunHandler } from '../message';
import { type DecodeOptions, decodeEvent, decodeRun } from './decode';
import { groupCommit } from './group-commit';
import { linksOf } from './tracing';

export interface ProjectOptions<M extends EventMapBase> extends Pick<DecodeOptions<M>, 'decode'> {
  db: Pick<Database, 'transaction'>;
  project: Projector<M>;
  /** After the transaction committed: the run's events by topic. */
  onProjected?(topic: string, seconds: number): void;
}

interface Pending<M extends EventMapBase> {
  events: IncomingEvent<M>[];
  links: Link[];
  done(error?: unknown): void;
}

/**
 * The end of a read model's chain: decode the run and hand it to the projector in one
 * transaction. A read model is off the saga's path and idempotent, so it pays for none of what a
 * saga step needs: no inbox claim, no span or log line per event (the transaction's span links
 * the events' traces). Runs of other partitions that arrive while a transaction is under way
 * (one fetch brings many, a run or two of each) are projected together in the next one.
 */
export function projectRuns<M extends EventMapBase>(options: ProjectOptions<M>): RunHandler {
  const transaction = (batch: Pending<M>[]) =>
    inSpan(
      'projection transaction',
      { attributes: dbAttributes('transaction'), links: batch.flatMap((pending) => pending.links) },
      () =>
        options.db.transaction((tx) =>
          options.project(
            batch.flatMap((pending) => pending.events),
            { tx },
          ),
        ),
    );

  const submit = groupCommit(async (batch: Pending<M>[]) => {
    try {
      await transaction(batch);
      for (const pending of batch) pending.done();
    } catch (error) {
      if (batch.length === 1) batch[0]?.done(error);
      // Each run alone, so that a failure is its own run's and the others are projected.
      else for (const pending of batch) await transaction([pending]).then(() => pending.done(), pending.done);
    }
    return [];
  });

  const projected = (events: IncomingEvent<M>[], links: Link[]) =>
    new Promise<void>((resolve, reject) =>
      submit({ events, links, done: (error) => (error === undefined ? resolve() : reject(error)) }),
    );

  return async (run) => {
    const started = performance.now();
    const { decoded: events, undecodable } = await decodeRun(run, (message) =>
      decodeEvent<M>(message, options.decode),
    );
    if (events.length > 0) {
      await projected(events, linksOf(run.slice(0, events.length))).catch((error: unknown) => {
        throw RunFailure.at(0, error);
      });
      const seconds = (performance.now() - started) / 1000 / events.length;
      for (const event of events) options.onProjected?.(event.topic, seconds);
    }
    if (undecodable) throw undecodable;
  };
}
