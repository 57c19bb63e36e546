import type { Logger } from '../../logger';
import { headerNames } from '../headers';
import { type RawMessage, RunFailure, type RunStep } from '../message';
import type { ParkingIndex } from '../parking-index';
import type { Block, ParkingProtocol } from '../parking-protocol';
import type { Publish } from '../publish';

export interface ParkingOptions {
  protocol: Pick<ParkingProtocol, 'blocks' | 'park' | 'reopen' | 'release'>;
  /** Which keys may be blocked: only runs with one of those ask the database. */
  index: Pick<ParkingIndex, 'suspects' | 'opened'>;
  publish: Publish;
  logger: Logger;
}

const isRedriven = (block: Block, message: RawMessage) =>
  block.redrive && block.eventId !== null && block.eventId === message.headers[headerNames.eventId];

/**
 * Keeps per-key order behind a dead letter: a message whose key is blocked is parked (stored,
 * its offset committed) instead of applied. The redriven dead letter itself is applied, opens its
 * key again, and what was parked behind it is published again, in order. A run none of whose keys
 * may be blocked (the index says) goes on whole without a query; otherwise one query finds the
 * blocked ones.
 */
export function parking(options: ParkingOptions): RunStep {
  const { protocol, index: mayBeBlocked, logger } = options;
  return (next) => async (run) => {
    const keys = [...new Set(run.flatMap((message) => (message.key ? [message.key.toString()] : [])))];
    const blocks = await mayBeBlocked
      .suspects(keys)
      .then(async (suspects) => {
        if (suspects.length === 0) return new Map<string, Block>();
        const found = await protocol.blocks(suspects);
        for (const key of suspects) if (!found.has(key)) mayBeBlocked.opened(key);
        return found;
      })
      .catch((error: unknown) => {
        throw new RunFailure(0, error);
      });
    if (blocks.size === 0) return next(run);
    let start = 0;
    for (const [index, message] of run.entries()) {
      const key = message.key?.toString();
      const block = key === undefined ? undefined : blocks.get(key);
      if (key === undefined || !block) continue;
      try {
        // What came before is handled first: a failure there must not find this one parked already.
        if (index > start) await next(run.slice(start, index));
      } catch (error) {
        throw RunFailure.at(start, error);
      }
      try {
        if (isRedriven(block, message)) {
          await next([message]);
          await protocol.reopen(key);
          mayBeBlocked.opened(key);
          blocks.delete(key);
          const count = await protocol.release(key, options.publish);
          if (count > 0) logger.info('parked messages released', { order_id: key, count });
        } else {
          await protocol.park(message);
          logger.warn('message parked behind a dead letter of the same key', {
            topic: message.topic,
            order_id: key,
          });
        }
      } catch (error) {
        throw RunFailure.at(index, error);
      }
      start = index + 1;
    }
    if (start < run.length) {
      try {
        await next(run.slice(start));
      } catch (error) {
        throw RunFailure.at(start, error);
      }
    }
  };
}
