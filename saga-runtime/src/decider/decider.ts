/** What a decision may use besides its state and command: one reading of the clock, and fresh ids. */
export interface DecideContext {
  now: Date;
  newId(): string;
}

/** One event to publish, its topic and payload kept together so that they cannot disagree. */
export type Published<M, T extends keyof M & string = keyof M & string> = {
  [K in T]: { topic: K; event: M[K] };
}[T];

export interface Decision<State, Event> {
  state: State;
  events: Event[];
}

/**
 * The rules of one thing the service owns, with no IO (after Emmett's Decider): from what is known
 * and what is asked, what is known next and what to tell the others. Handing back the very same
 * state object means that nothing changed, so stores write only what did. `Next` is for states
 * that may be absent before a decision but never after one (an order is placed, or it exists).
 */
export interface Decider<State, Command, Event, Next extends State = State> {
  decide(state: State, command: Command, context: DecideContext): Decision<Next, Event>;
}
