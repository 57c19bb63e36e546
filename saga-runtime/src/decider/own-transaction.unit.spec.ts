import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database';
import { inOwnTransaction } from './own-transaction';

describe('inOwnTransaction', () => {
  it('runs the work in a new transaction and publishes to its outbox, validated and caused by nothing', async () => {
    const statements: unknown[] = [];
    const tx = { execute: async (statement: unknown) => statements.push(statement) };
    const db = { transaction: (work: (t: typeof tx) => Promise<unknown>) => work(tx) };
    const validated: string[] = [];
    const causes: unknown[] = [];
    const outbox = {
      producer: 'order',
      validate: (topic: string) => validated.push(topic),
      traceContext: (causation: unknown) => {
        causes.push(causation);
        return {};
      },
    };
    const event = { eventId: 'e-1', orderId: 'o-1', occurredAt: 1 };

    const result = await inOwnTransaction<{ 'order.created': typeof event }, string>(
      { database: { db } as unknown as Pick<DatabaseHandle, 'db'>, outbox },
      async (unit) => {
        expect(unit.tx).toBe(tx);
        await unit.publish('order.created', event);
        return 'done';
      },
    );

    expect(result).toBe('done');
    expect(validated).toEqual(['order.created']);
    expect(causes).toEqual([null]);
    expect(statements).toHaveLength(1);
  });

  it('runs what the work asked for after the commit once its transaction has committed', async () => {
    const steps: string[] = [];
    const db = {
      transaction: async (work: (tx: unknown) => Promise<unknown>) => {
        const result = await work({});
        steps.push('commit');
        return result;
      },
    };
    const outbox = { producer: 'order', validate: () => {}, traceContext: () => ({}) };

    await inOwnTransaction(
      { database: { db } as unknown as Pick<DatabaseHandle, 'db'>, outbox },
      async (unit) => {
        unit.afterCommit(() => steps.push('counted'));
      },
    );

    expect(steps).toEqual(['commit', 'counted']);
  });
});
