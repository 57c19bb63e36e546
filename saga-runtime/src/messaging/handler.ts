import type { AfterCommit } from '../db/after-commit';
import type { Tx } from '../db/database';
import type { Logger } from '../logger';
import type { EventMapBase, IncomingEvent } from './event';
import type { Publisher } from './outbox';

/**
 * What a handler gets: the group's transaction, the outbox for what it may publish, what to do once
 * the transaction has committed (it may be rolled back and retried with other runs), a logger.
 */
export interface HandlerContext<M extends EventMapBase, P extends keyof M & string = keyof M & string> {
  tx: Tx;
  publish: Publisher<M, P>['publish'];
  afterCommit: AfterCommit;
  logger: Logger;
}

export type EventHandler<
  M extends EventMapBase,
  T extends keyof M & string = keyof M & string,
  P extends keyof M & string = keyof M & string,
> = (event: IncomingEvent<M, T>, context: HandlerContext<M, P>) => Promise<void>;

/**
 * A read model's side of a consumer group: a whole run of events at once, in one transaction.
 * There is no inbox in front of it, and runs of different partitions come in any order, so it
 * must be idempotent and indifferent to order (e.g. rows keyed by event id, first write wins):
 * a redelivery or a replay hands it events again.
 */
export type Projector<M extends EventMapBase, T extends keyof M & string = keyof M & string> = (
  events: IncomingEvent<M, T>[],
  context: { tx: Tx },
) => Promise<void>;

/** The pipeline's view of a group's handlers: found by topic, any of them possibly absent. */
export type HandlerMap<M extends EventMapBase> = { [T in keyof M & string]?: EventHandler<M, T> };

/**
 * A service's side of the saga's declaration: the events, each consumer group's topics (group
 * name → union of topics), and the union of topics the service may publish.
 */
export interface ServiceContract {
  events: EventMapBase;
  groups: Record<string, string>;
  produces: string;
}

type Topic<C extends ServiceContract> = keyof C['events'] & string;

/**
 * Exactly one handler per topic the group consumes: a declared topic without a handler, or a
 * handler for a topic the group does not consume, does not compile.
 */
export type Handlers<C extends ServiceContract, G extends keyof C['groups'] = 'service'> = {
  [T in C['groups'][G] & Topic<C>]: EventHandler<C['events'], T, C['produces'] & Topic<C>>;
};

/** The saga's own group (`service`) reacts event by event; every other group is a read model. */
export type GroupHandlers<C extends ServiceContract, G extends keyof C['groups']> = G extends 'service'
  ? Handlers<C, G>
  : Projector<C['events'], C['groups'][G] & Topic<C>>;

/** What a service publishes with: only the topics it declares. */
export type ServicePublisher<C extends ServiceContract> = Publisher<C['events'], C['produces'] & Topic<C>>;
