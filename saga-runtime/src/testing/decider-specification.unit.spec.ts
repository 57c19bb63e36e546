import { describe, expect, it } from 'vitest';
import type { Decider } from '../decider/decider';
import { deciderSpecification } from './decider-specification';

type Command = { type: 'add'; amount: number } | { type: 'reset' };

const counter: Decider<number, Command, { topic: 'added'; event: number }> = {
  decide(state, command, context) {
    if (command.type === 'reset') return { state: 0, events: [] };
    if (command.amount < 0) throw new RangeError('negative');
    return {
      state: state + command.amount,
      events: [{ topic: 'added', event: context.now.getTime() }],
    };
  },
};

const spec = deciderSpecification(counter, { now: new Date(1000), newId: () => 'id' });

describe('deciderSpecification', () => {
  it('decides the command on the given state', () => {
    spec
      .given(2)
      .when({ type: 'add', amount: 3 })
      .thenExpect(({ state, events }) => {
        expect(state).toBe(5);
        expect(events).toEqual([{ topic: 'added', event: 1000 }]);
      });
  });

  it('starts from the state the earlier commands left', () => {
    spec
      .given(2, { type: 'add', amount: 3 }, { type: 'add', amount: 4 })
      .when({ type: 'reset' })
      .thenExpect(({ state }) => expect(state).toBe(0));
    spec
      .given(0, { type: 'add', amount: 3 })
      .when({ type: 'add', amount: 1 })
      .thenExpect(({ state }) => expect(state).toBe(4));
  });

  it('lets one command see another context', () => {
    spec
      .given(0)
      .when({ type: 'add', amount: 1 }, { now: new Date(2000) })
      .thenExpect(({ events }) => expect(events[0]?.event).toBe(2000));
  });

  it('asserts what a refused command throws, and fails when it does not throw', () => {
    spec.given(0).when({ type: 'add', amount: -1 }).thenThrows(RangeError);
    expect(() => spec.given(0).when({ type: 'add', amount: 1 }).thenThrows(RangeError)).toThrow();
  });
});
