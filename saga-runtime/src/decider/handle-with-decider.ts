import type { AfterCommit } from '../db/after-commit';
import type { Tx } from '../db/database';
import type { EventMapBase } from '../messaging/event';
import type { Publisher } from '../messaging/outbox';
import type { DecideContext, Decider, Decision, Published } from './decider';

/** Where a decider's state lives, as seen from inside the caller's transaction. */
export interface DeciderStore<State, Command, Next extends State = State> {
  /** Reads the state the command is about and locks it until the transaction ends. */
  load(tx: Tx, command: Command): Promise<State>;
  /** Writes what differs between `before` and `after`; called only when the decision changed something. */
  save(tx: Tx, before: State, after: Next): Promise<void>;
}

/** The transaction a command is handled in, the outbox its events go to, and what follows its commit. */
export interface UnitOfWork<M extends EventMapBase, P extends keyof M & string = keyof M & string> {
  tx: Tx;
  publish: Publisher<M, P>['publish'];
  afterCommit: AfterCommit;
}

export interface Handled<State, Next, Event> extends Decision<Next, Event> {
  /** The state as loaded, for callers that report what changed. */
  before: State;
}

/**
 * Load (locked) → decide → save what changed → publish, all inside the caller's transaction:
 * the state change and the events that announce it commit together or not at all.
 *
 * The writes and the outbox inserts are sent together rather than one after the other: postgres.js
 * pipelines what a transaction sends before it awaits, so they cost one round trip, not one each
 * (a socket write, a wake-up of both ends and a turn of the event loop per round trip). Events
 * keep their order among themselves, which is the order the relay publishes.
 */
export async function handleWithDecider<
  M extends EventMapBase,
  State,
  Command,
  Event extends Published<M, P>,
  Next extends State,
  P extends keyof M & string = keyof M & string,
>(
  unit: Pick<UnitOfWork<M, P>, 'tx' | 'publish'>,
  decider: Decider<State, Command, Event, Next>,
  store: DeciderStore<State, Command, Next>,
  command: Command,
  context: DecideContext,
): Promise<Handled<State, Next, Event>> {
  const before = await store.load(unit.tx, command);
  const decision = decider.decide(before, command, context);
  await Promise.all([
    decision.state !== before ? store.save(unit.tx, before, decision.state) : undefined,
    publishInOrder(unit.publish, decision.events),
  ]);
  return { before, ...decision };
}

async function publishInOrder<
  M extends EventMapBase,
  P extends keyof M & string,
  Event extends Published<M, P>,
>(publish: Publisher<M, P>['publish'], events: readonly Event[]): Promise<void> {
  for (const { topic, event } of events) await publish(topic, event);
}
