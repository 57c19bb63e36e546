import { context, ROOT_CONTEXT, type SpanContext, trace } from '@opentelemetry/api';
import type { Database } from '../../db/database';
import type { EventMapBase, IncomingEvent } from '../event';
import { claimInbox } from '../inbox';
import { RunFailure, type RunHandler } from '../message';
import { type OutboxContext, outboxPublisher } from '../outbox';
import { type Decoded, type DecodeOptions, decodeRun, decoder } from './decode';
import { linksOf, tracing } from './tracing';
import { runTransactions } from './transaction';

export interface ApplyOptions<M extends EventMapBase> extends DecodeOptions<M> {
  db: Pick<Database, 'transaction'>;
  groupId: string;
  outbox: Omit<OutboxContext, 'causation'>;
  onDuplicate?(topic: string): void;
  /** After the transaction committed: how long decoding, applying and committing took. */
  onHandled?(topic: string, seconds: number): void;
}

/**
 * The end of the chain: decode the run, then in ONE transaction claim the inbox (and the
 * partitions' watermarks) for all of it and let each new event's handler change state and write
 * its events to the outbox. Offsets are committed after this resolves, i.e. after the
 * transaction committed.
 */
export function applyRuns<M extends EventMapBase>(options: ApplyOptions<M>): RunHandler {
  const decode = decoder(options);
  const traced = tracing(options.groupId);
  const processedIn = new WeakMap<Decoded<M>, SpanContext>();
  const inTransaction = runTransactions(options.db, async (tx, items: Decoded<M>[], afterCommit) => {
    const claimed = await claimInbox(
      tx,
      options.groupId,
      items.map(({ message, event }) => ({ ...message, eventId: event.metadata.eventId })),
    );
    for (const [index, { message, event, handler, logger }] of items.entries()) {
      if (!claimed[index]) continue;
      const publisher = outboxPublisher<M>(tx, { ...options.outbox, causation: event as IncomingEvent });
      try {
        await traced(message, () => {
          const span = trace.getActiveSpan()?.spanContext();
          if (span) processedIn.set(items[index]!, span);
          return handler(event, { tx, publish: publisher.publish, afterCommit, logger });
        });
      } catch (error) {
        throw new RunFailure(index, error);
      }
    }
    return claimed;
  });

  /** After the commit: a step is only reported once it is durable. */
  function report(item: Decoded<M>, applied: boolean, seconds: number): void {
    const { event, logger } = item;
    options.onHandled?.(event.topic, seconds);
    if (applied) {
      const step = () =>
        logger.info('saga step', { event_type: event.topic, producer: event.metadata.producer });
      // Written inside the context of the span that applied it (ended by now), so the line names
      // that trace and span like every line written during the step.
      const span = processedIn.get(item);
      if (span) context.with(trace.setSpanContext(ROOT_CONTEXT, span), step);
      else step();
    } else {
      logger.info('duplicate event skipped', { event_type: event.topic });
      options.onDuplicate?.(event.topic);
    }
  }

  return async (run) => {
    const started = performance.now();
    const { decoded, undecodable } = await decodeRun(run, decode);
    const { results, failure } = await inTransaction(decoded, linksOf(decoded.map((item) => item.message)));
    const seconds = (performance.now() - started) / 1000 / Math.max(1, results.length);
    for (const [index, applied] of results.entries()) report(decoded[index]!, applied, seconds);
    const first = failure ?? undecodable;
    if (first) throw first;
  };
}
