import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import { type EventMapBase, type IncomingEvent, metadataFrom, type SagaEvent } from '../event';
import type { EventHandler, HandlerMap } from '../handler';
import { type RawMessage, RunFailure } from '../message';

export interface DecodeOptions<M extends EventMapBase> {
  handlers: HandlerMap<M>;
  /** Decodes with the topic's own schema as the reader: an event of another type is poison. */
  decode(buffer: Buffer, topic: string): Promise<{ value: unknown }>;
  logger: Logger;
}

/** A message ready to apply: decoded, with its handler and a logger naming it. */
export interface Decoded<M extends EventMapBase> {
  message: RawMessage;
  event: IncomingEvent<M>;
  handler: EventHandler<M>;
  logger: Logger;
}

/**
 * A record as the event its topic's schema says, with where it came from; what never can be one
 * is poison.
 */
export async function decodeEvent<M extends EventMapBase>(
  message: RawMessage,
  decode: DecodeOptions<M>['decode'],
): Promise<IncomingEvent<M>> {
  if (message.value === null) throw AppError.poison('EVENT_EMPTY', 'message has no value (tombstone)');
  const { value } = await decode(message.value, message.topic);
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: value as SagaEvent,
    metadata: metadataFrom(message.headers, message.topic, value as SagaEvent),
  } as IncomingEvent<M>;
}

/** Turns a record into the event its topic's handler takes; what never can be is poison. */
export function decoder<M extends EventMapBase>(options: DecodeOptions<M>) {
  return async (message: RawMessage): Promise<Decoded<M>> => {
    const handler = options.handlers[message.topic as keyof M & string] as EventHandler<M> | undefined;
    if (!handler) throw AppError.poison('TOPIC_UNHANDLED', `no handler for topic ${message.topic}`);
    const event = await decodeEvent<M>(message, options.decode);
    const logger = options.logger.child({
      order_id: (event.value as SagaEvent).orderId,
      event_id: event.metadata.eventId,
      topic: event.topic,
    });
    return { message, event, handler, logger };
  };
}

/**
 * Decodes a run up to its first message that cannot be: what came before it is still handled,
 * and the run then fails at it.
 */
export async function decodeRun<T>(
  run: RawMessage[],
  decode: (message: RawMessage) => Promise<T>,
): Promise<{ decoded: T[]; undecodable?: RunFailure }> {
  const decoded: T[] = [];
  for (const [index, message] of run.entries()) {
    try {
      decoded.push(await decode(message));
    } catch (error) {
      return { decoded, undecodable: new RunFailure(index, error) };
    }
  }
  return { decoded };
}
