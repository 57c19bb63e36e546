import { expect } from 'vitest';
import type { DecideContext, Decider, Decision } from '../decider/decider';

export interface DeciderThen<Next, Event> {
  /** Hands the decision to the test's own assertions. */
  thenExpect(assert: (decision: Decision<Next, Event>) => void): void;
  /** The command is refused: `decide` throws what `expected` matches (as `toThrow` reads it). */
  thenThrows(expected: unknown): void;
}

export interface DeciderGiven<Command, Next, Event> {
  /** `at` replaces parts of the context for this command only, e.g. a later `now`. */
  when(command: Command, at?: Partial<DecideContext>): DeciderThen<Next, Event>;
}

/**
 * Given/when/then for a decider's rules (after Emmett's DeciderSpecification), with no IO:
 * `given(state, ...earlier)` starts from `state` after the `earlier` commands were decided.
 */
export function deciderSpecification<State, Command, Event, Next extends State>(
  decider: Decider<State, Command, Event, Next>,
  context: DecideContext,
) {
  return {
    given(state: State, ...earlier: Command[]): DeciderGiven<Command, Next, Event> {
      const start = earlier.reduce<State>(
        (current, command) => decider.decide(current, command, context).state,
        state,
      );
      return {
        when(command, at = {}) {
          const decide = () => decider.decide(start, command, { ...context, ...at });
          return {
            thenExpect: (assert) => assert(decide()),
            thenThrows: (expected) => expect(decide).toThrow(expected as Error),
          };
        },
      };
    },
  };
}
