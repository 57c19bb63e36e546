import { describe, expect, it } from 'vitest';
import type { Tx } from '../db/database';
import type { Decider } from './decider';
import { type DeciderStore, handleWithDecider } from './handle-with-decider';

type Events = { 'stock.moved': { eventId: string; orderId: string; occurredAt: number } };
type Command = { orderId: string; quantity: number };

const stock: Decider<{ units: number }, Command, { topic: 'stock.moved'; event: Events['stock.moved'] }> = {
  decide(state, command, context) {
    if (command.quantity === 0) return { state, events: [] };
    if (command.quantity > state.units) throw new Error('not enough');
    const event = { eventId: context.newId(), orderId: command.orderId, occurredAt: context.now.getTime() };
    return { state: { units: state.units - command.quantity }, events: [{ topic: 'stock.moved', event }] };
  },
};

function fakes(units: number) {
  const tx = { name: 'the caller’s transaction' } as unknown as Tx;
  const calls: unknown[][] = [];
  const store: DeciderStore<{ units: number }, Command> = {
    load: async (seen, command) => {
      calls.push(['load', seen, command.orderId]);
      return { units };
    },
    save: async (seen, before, after) => {
      calls.push(['save', seen, before.units, after.units]);
    },
  };
  const publish = async (topic: string, event: unknown) => {
    calls.push(['publish', topic, event]);
  };
  return { tx, calls, store, unit: { tx, publish } };
}

const context = { now: new Date(5000), newId: () => 'e-1' };

describe('handleWithDecider', () => {
  it('loads in the caller’s transaction, decides, saves the change and publishes its events', async () => {
    const { tx, calls, store, unit } = fakes(10);
    const result = await handleWithDecider(unit, stock, store, { orderId: 'o-1', quantity: 3 }, context);
    expect(result).toEqual({
      before: { units: 10 },
      state: { units: 7 },
      events: [{ topic: 'stock.moved', event: { eventId: 'e-1', orderId: 'o-1', occurredAt: 5000 } }],
    });
    expect(calls).toEqual([
      ['load', tx, 'o-1'],
      ['save', tx, 10, 7],
      ['publish', 'stock.moved', { eventId: 'e-1', orderId: 'o-1', occurredAt: 5000 }],
    ]);
  });

  it('saves and publishes nothing when the decision changes nothing', async () => {
    const { calls, store, unit } = fakes(10);
    const result = await handleWithDecider(unit, stock, store, { orderId: 'o-1', quantity: 0 }, context);
    expect(result.state).toBe(result.before);
    expect(calls.map(([step]) => step)).toEqual(['load']);
  });

  it('saves and publishes nothing when the decider refuses the command', async () => {
    const { calls, store, unit } = fakes(1);
    await expect(
      handleWithDecider(unit, stock, store, { orderId: 'o-1', quantity: 3 }, context),
    ).rejects.toThrow('not enough');
    expect(calls.map(([step]) => step)).toEqual(['load']);
  });

  it('sends the writes and the events together: neither waits for the other to be done', async () => {
    const { store, unit } = fakes(10);
    const sent: string[] = [];
    let finishSave = () => {};
    // A save that only completes once the event has been sent: done one after the other, it would hang.
    const slowStore: DeciderStore<{ units: number }, Command> = {
      ...store,
      save: () => {
        sent.push('save');
        return new Promise<void>((resolve) => {
          finishSave = resolve;
        });
      },
    };
    const publish = async () => {
      sent.push('publish');
      finishSave();
    };
    await handleWithDecider({ ...unit, publish }, stock, slowStore, { orderId: 'o-1', quantity: 3 }, context);
    expect(sent).toEqual(['save', 'publish']);
  });

  it('fails when a write fails, even though the events were sent with it', async () => {
    const { store, unit } = fakes(10);
    const failing = { ...store, save: async () => Promise.reject(new Error('deadlock detected')) };
    await expect(
      handleWithDecider(unit, stock, failing, { orderId: 'o-1', quantity: 3 }, context),
    ).rejects.toThrow('deadlock detected');
  });
});
