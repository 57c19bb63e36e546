// kafkajs is CommonJS, and Node cannot see its error classes among its named exports.
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { explainUnreachable, operatorBrokers } from './connections';

const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } = kafkajs;

describe('explainUnreachable', () => {
  const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
  const said = `cannot reach Kafka at ${operatorBrokers.join(',')} (Connection error: connect ECONNREFUSED 127.0.0.1:9092); start it with "pnpm stack up", or set KAFKA_BROKERS`;

  it('words a connection error as what to do next', () => {
    expect((explainUnreachable(refused) as Error).message).toBe(said);
  });

  it('finds the connection error behind the one that says kafkajs gave up retrying', () => {
    const gaveUp = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 3, retryTime: 1200 });
    expect((explainUnreachable(gaveUp) as Error).message).toBe(said);
  });

  it('leaves every other error as it was', () => {
    const other = new KafkaJSProtocolError('This server does not host this topic-partition');
    expect(explainUnreachable(other)).toBe(other);
    expect(explainUnreachable('text')).toBe('text');
  });
});
