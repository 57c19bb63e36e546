import type { Tx } from '../db/database';
import type { Logger } from '../logger';
import type { EventMapBase, IncomingEvent } from './event';
import type { Publisher } from './outbox';

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
