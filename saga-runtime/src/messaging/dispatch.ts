import type { Database, Tx } from '../db/database';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { dbAttributes, inSpan } from '../telemetry/spans';
import { type EventMapBase, type IncomingEvent, metadataFrom, type SagaEvent } from './event';
import { claimInbox } from './inbox';
import type { MessageHandler } from './message';
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

/**
 * The end of the middleware chain: decode, then in ONE transaction claim the inbox, let the
 * handler change state and write its events to the outbox. The offset is committed after this
 * resolves, i.e. after the transaction committed.
 */
export function dispatch<M extends EventMapBase>(options: DispatchOptions<M>): MessageHandler {
  return async (message) => {
    const started = performance.now();
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
    const applied = await inSpan('handler transaction', { attributes: dbAttributes('transaction') }, () =>
      options.db.transaction(async (tx) => {
        if (!(await claimInbox(tx, options.groupId, event as IncomingEvent))) return false;
        const publisher = outboxPublisher<M>(tx, { ...options.outbox, causation: event as IncomingEvent });
        await handler(event, { tx, publish: publisher.publish, logger });
        return true;
      }),
    );
    options.onHandled?.(event.topic, (performance.now() - started) / 1000);
    if (applied) {
      logger.info('saga step', { event_type: event.topic, producer: event.metadata.producer });
    } else {
      logger.info('duplicate event skipped', { event_type: event.topic });
      options.onDuplicate?.(event.topic);
    }
  };
}
