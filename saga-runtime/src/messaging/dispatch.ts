import type { Database, Tx } from '../db/database';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { dbAttributes, inSpan } from '../telemetry/spans';
import { type EventMapBase, type IncomingEvent, metadataFrom, type SagaEvent } from './event';
import { claimInbox, claimInboxAll } from './inbox';
import type { BatchHandler, MessageHandler, Middleware, RawMessage } from './message';
import { type OutboxContext, outboxPublisher, type Publisher } from './outbox';

export interface HandlerContext<M extends EventMapBase> {
  tx: Tx;
  publish: Publisher<M>['publish'];
  logger: Logger;
}

export type EventHandler<M extends EventMapBase, T extends keyof M & string = keyof M & string> = (
  event: IncomingEvent<M, T>,
  context: HandlerContext<M>,
) => Promise<void>;

export type HandlerMap<M extends EventMapBase> = { [T in keyof M & string]?: EventHandler<M, T> };

export interface DispatchOptions<M extends EventMapBase> {
  db: Database;
  groupId: string;
  handlers: HandlerMap<M>;
  /** Decodes with the topic's own schema as the reader: an event of another type is poison. */
  decode(buffer: Buffer, topic: string): Promise<{ value: unknown }>;
  outbox: Omit<OutboxContext, 'causation'>;
  logger: Logger;
  onDuplicate?(topic: string): void;
  /** After the transaction committed: how long decoding, applying and committing took. */
  onHandled?(topic: string, seconds: number): void;
}

interface Prepared<M extends EventMapBase> {
  message: RawMessage;
  event: IncomingEvent<M>;
  handler: EventHandler<M>;
  logger: Logger;
}

/**
 * Applying an event: decode it, then in the caller's transaction claim the inbox, let the
 * handler change state and write its events to the outbox. Shared by the one-message path
 * (`dispatch`) and the batch fast path (`dispatchBatch`).
 */
function eventApplier<M extends EventMapBase>(options: DispatchOptions<M>) {
  async function prepare(message: RawMessage): Promise<Prepared<M>> {
    const handler = options.handlers[message.topic as keyof M & string] as EventHandler<M> | undefined;
    if (!handler) throw AppError.poison('TOPIC_UNHANDLED', `no handler for topic ${message.topic}`);
    if (message.value === null) throw AppError.poison('EVENT_EMPTY', 'message has no value (tombstone)');
    const { value } = await options.decode(message.value, message.topic);
    const sagaEvent = value as SagaEvent;
    const event = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      value: sagaEvent,
      metadata: metadataFrom(message.headers, message.topic, sagaEvent),
    } as IncomingEvent<M>;
    const logger = options.logger.child({
      order_id: sagaEvent.orderId,
      event_id: event.metadata.eventId,
      topic: event.topic,
    });
    return { message, event, handler, logger };
  }

  /** For an event whose inbox entry this transaction holds. */
  async function applyClaimed(tx: Tx, { event, handler, logger }: Prepared<M>): Promise<void> {
    const publisher = outboxPublisher<M>(tx, { ...options.outbox, causation: event as IncomingEvent });
    await handler(event, { tx, publish: publisher.publish, logger });
  }

  async function apply(tx: Tx, prepared: Prepared<M>): Promise<boolean> {
    if (!(await claimInbox(tx, options.groupId, prepared.event as IncomingEvent))) return false;
    await applyClaimed(tx, prepared);
    return true;
  }

  /** After the commit: a step is only reported once it is durable. */
  function report({ event, logger }: Prepared<M>, applied: boolean, seconds: number): void {
    options.onHandled?.(event.topic, seconds);
    if (applied) {
      logger.info('saga step', { event_type: event.topic, producer: event.metadata.producer });
    } else {
      logger.info('duplicate event skipped', { event_type: event.topic });
      options.onDuplicate?.(event.topic);
    }
  }

  return { prepare, apply, applyClaimed, report };
}

/**
 * The end of the middleware chain: one message, ONE transaction. The offset is committed after
 * this resolves, i.e. after the transaction committed.
 */
export function dispatch<M extends EventMapBase>(options: DispatchOptions<M>): MessageHandler {
  const { prepare, apply, report } = eventApplier(options);
  return async (message) => {
    const started = performance.now();
    const prepared = await prepare(message);
    const applied = await inSpan('handler transaction', { attributes: dbAttributes('transaction') }, () =>
      options.db.transaction((tx) => apply(tx, prepared)),
    );
    report(prepared, applied, (performance.now() - started) / 1000);
  };
}

export interface BatchDispatchOptions<M extends EventMapBase> extends DispatchOptions<M> {
  /** Wraps each message's work, e.g. in its CONSUMER span. */
  perMessage: Middleware;
  /** Keys held back behind a dead letter: their messages must take the one-message path. */
  parkedKeys(keys: string[]): Promise<Set<string>>;
}

/**
 * The fast path: a run of messages applied in ONE transaction, one commit instead of one per
 * message. Anything unusual (a parked key, an undecodable message, a handler error) ends the
 * run there; what came before it still commits, and the odd message goes through the full
 * middleware chain (retry, dead letter, parking) on its own.
 */
export function dispatchBatch<M extends EventMapBase>(options: BatchDispatchOptions<M>): BatchHandler {
  const { prepare, applyClaimed, report } = eventApplier(options);
  // One batch transaction at a time per group: two of them would lock shared rows (a product,
  // an account) in different orders and deadlock. Partitions still decode and retry in parallel.
  let turn: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };

  // Applies `run` in one transaction: every result, or the index of the first message that failed.
  async function inOneTransaction(run: Prepared<M>[]): Promise<boolean[] | number> {
    let current = 0;
    try {
      return await options.db.transaction(async (tx) => {
        const claimed = await claimInboxAll(
          tx,
          options.groupId,
          run.map((prepared) => prepared.event as IncomingEvent),
        );
        for (const [index, prepared] of run.entries()) {
          current = index;
          if (claimed[index]) await options.perMessage(() => applyClaimed(tx, prepared))(prepared.message);
        }
        current = 0; // from here on only the commit can fail, and it takes every message with it
        return claimed;
      });
    } catch {
      return current;
    }
  }

  return async (messages) => {
    const started = performance.now();
    const keys = [...new Set(messages.flatMap((m) => (m.key ? [m.key.toString()] : [])))];
    const parked = await options.parkedKeys(keys).catch(() => undefined);
    if (!parked) return 0;
    const run: Prepared<M>[] = [];
    for (const message of messages) {
      if (message.key && parked.has(message.key.toString())) break;
      try {
        run.push(await prepare(message));
      } catch {
        break;
      }
    }
    if (run.length === 0) return 0;
    const results = await oneAtATime(async () => {
      const first = await inOneTransaction(run);
      // Rolled back at message n: the n before it were fine, so they commit without it.
      return typeof first === 'number' && first > 0 ? inOneTransaction(run.slice(0, first)) : first;
    });
    if (typeof results === 'number') return 0;
    const seconds = (performance.now() - started) / 1000 / results.length;
    for (const [index, applied] of results.entries()) report(run[index]!, applied, seconds);
    return results.length;
  };
}
