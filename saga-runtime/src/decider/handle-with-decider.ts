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
  if (decision.state !== before) await store.save(unit.tx, before, decision.state);
  for (const { topic, event } of decision.events) await unit.publish(topic, event);
  return { before, ...decision };
}
