import { describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../db/database';
import { AppError } from '../../errors';
import { rawMessage } from '../../testing/handler-harness';
import { RunFailure } from '../message';
import { projectRuns } from './project';

type Event = { eventId: string; orderId: string; occurredAt: number };
type Events = { 'order.created': Event; 'order.confirmed': Event };

/** A read model whose rows a transaction keeps only if it commits. */
function readModel(failOn?: string) {
  const rows: string[] = [];
  const transactions: string[][] = [];
  const db = {
    transaction: async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
      const written: string[] = [];
      const result = await work(written as unknown as Tx);
      rows.push(...written);
      transactions.push(written);
      return result;
    },
  } as unknown as Pick<Database, 'transaction'>;
  const projected: string[] = [];
  const handle = projectRuns<Events>({
    db,
    project: async (events, { tx }) => {
      for (const event of events) {
        if (event.value.eventId === failOn) throw AppError.poison('BROKEN', 'cannot project this one');
        (tx as unknown as string[]).push(`${event.topic}:${event.value.eventId}`);
      }
    },
    decode: async (buffer) => ({ value: JSON.parse(buffer.toString()) }),
    onProjected: (topic) => projected.push(topic),
  });
  return { handle, rows, transactions, projected };
}

const message = (topic: keyof Events, eventId: string) =>
  rawMessage(topic, Buffer.from(JSON.stringify({ eventId, orderId: 'o-1', occurredAt: 0 })));

describe('projectRuns', () => {
  it('given a run of several topics, when projected, then the projector gets it whole in one transaction', async () => {
    const model = readModel();

    await model.handle([message('order.created', 'a'), message('order.confirmed', 'b')]);

    expect(model.transactions).toEqual([['order.created:a', 'order.confirmed:b']]);
    expect(model.projected).toEqual(['order.created', 'order.confirmed']);
  });

  it('given an undecodable message mid-run, then what came before it is projected and the run fails at it', async () => {
    const model = readModel();
    const run = [
      message('order.created', 'a'),
      rawMessage('order.created', null),
      message('order.created', 'c'),
    ];

    const failure = await model.handle(run).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RunFailure);
    expect(failure).toMatchObject({ index: 1, cause: { code: 'EVENT_EMPTY' } });
    expect(model.rows).toEqual(['order.created:a']);
  });

  it('given a projector that fails, then nothing of the run is kept and the failure names the run', async () => {
    const model = readModel('b');

    const failure = await model
      .handle([message('order.created', 'a'), message('order.created', 'b')])
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ index: 0, cause: { code: 'BROKEN' } });
    expect(model.rows).toEqual([]);
  });

  it('given runs of several partitions at once, then they are projected in one transaction', async () => {
    const model = readModel();

    await Promise.all([
      model.handle([message('order.created', 'a')]),
      model.handle([message('order.created', 'b'), message('order.confirmed', 'c')]),
    ]);

    expect(model.transactions).toEqual([['order.created:a', 'order.created:b', 'order.confirmed:c']]);
  });

  it('given runs at once and one of them cannot be projected, then only that run fails', async () => {
    const model = readModel('b');

    const [first, second] = await Promise.allSettled([
      model.handle([message('order.created', 'a')]),
      model.handle([message('order.created', 'b')]),
    ]);

    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { index: 0, cause: { code: 'BROKEN' } } });
    expect(model.rows).toEqual(['order.created:a']);
  });
});
