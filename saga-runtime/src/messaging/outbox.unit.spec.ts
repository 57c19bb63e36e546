import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { Tx } from '../db/database';
import type { IncomingEvent } from './event';
import { type OutboxContext, outboxPublisher } from './outbox';

const dialect = new PgDialect();
type Events = { 'order.confirmed': { eventId: string; orderId: string; occurredAt: number } };
const confirmed = { eventId: 'e-2', orderId: 'o-1', occurredAt: 0 };

function harness(causation: IncomingEvent | null, validate: OutboxContext['validate'] = () => {}) {
  const statements: { sql: string; params: unknown[] }[] = [];
  const tx = {
    execute: async (query: SQL) => void statements.push(dialect.sqlToQuery(query)),
  } as unknown as Tx;
  const publisher = outboxPublisher<Events>(tx, {
    producer: 'order',
    validate,
    causation,
    traceContext: () => ({ traceparent: '00-t-s-01' }),
  });
  return { publisher, statements };
}

describe('outboxPublisher', () => {
  it('given an event caused by another, then one row is written under the key lock with the saga headers', async () => {
    const causation = { metadata: { eventId: 'e-1', correlationId: 'c-1' } } as IncomingEvent;
    const { publisher, statements } = harness(causation);
    await publisher.publish('order.confirmed', confirmed);
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement?.sql).toMatch(/pg_advisory_xact_lock.*insert into outbox.*pg_notify/s);
    expect(statement?.params.slice(1, 6)).toEqual([
      'e-2',
      'order.confirmed',
      'o-1',
      JSON.stringify(confirmed),
      JSON.stringify({
        'event-type': 'order.confirmed',
        'correlation-id': 'c-1',
        producer: 'order',
        traceparent: '00-t-s-01',
        'causation-id': 'e-1',
      }),
    ]);
  });

  it('given an event that does not match its schema, then nothing is written', async () => {
    const { publisher, statements } = harness(null, () => {
      throw new Error('invalid');
    });
    await expect(publisher.publish('order.confirmed', confirmed)).rejects.toThrow('invalid');
    expect(statements).toEqual([]);
  });
});
