import type { EachBatchPayload, Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../testing/handler-harness';
import { brokerRestarting, startConsumer } from './consumer';
import { ProcessingAbandoned, type RawMessage, RunFailure, type RunHandler } from './message';
import type { PartitionOffset } from './offset-committer';

/** A kafkajs consumer that hands `eachBatch` one batch of `count` messages on demand. */
function fakeKafka() {
  const commits: PartitionOffset[][] = [];
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  const consumer = {
    events: { CRASH: 'crash' },
    on: () => {},
    connect: async () => {},
    subscribe: async () => {},
    disconnect: async () => {},
    commitOffsets: async (offsets: PartitionOffset[]) => void commits.push(offsets),
    run: async (config: { eachBatch: typeof eachBatch }) => {
      eachBatch = config.eachBatch;
    },
  };
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  async function deliver(count: number) {
    const resolved: string[] = [];
    await eachBatch!({
      batch: {
        topic: 'order.created',
        partition: 2,
        messages: Array.from({ length: count }, (_, offset) => ({
          offset: String(offset),
          key: Buffer.from('o-1'),
          value: Buffer.from('x'),
          headers: { 'event-id': Buffer.from(`e-${offset}`) },
          timestamp: '0',
        })),
      },
      resolveOffset: (offset: string) => void resolved.push(offset),
      heartbeat: async () => {},
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload);
    return resolved;
  }
  return { kafka, deliver, commits };
}

async function consume(handle: RunHandler, batchSize: number) {
  const { kafka, deliver, commits } = fakeKafka();
  const running = await startConsumer({
    kafka,
    groupId: 'order-service',
    topics: ['order.created'],
    handle,
    batchSize,
    logger: silentLogger(),
    onFatal: () => {},
  });
  return { deliver, commits, stop: () => running.stop() };
}

describe('consumer', () => {
  it('given a fetched batch, then its messages go to the pipeline in runs of batchSize, decoded headers and all, and are resolved', async () => {
    const runs: RawMessage[][] = [];
    const { deliver, stop } = await consume(async (run) => void runs.push(run), 2);
    const resolved = await deliver(5);
    await stop();
    expect(runs.map((run) => run.map((message) => message.offset))).toEqual([['0', '1'], ['2', '3'], ['4']]);
    expect(runs[0]?.[0]).toMatchObject({
      topic: 'order.created',
      partition: 2,
      headers: { 'event-id': 'e-0' },
    });
    expect(resolved).toEqual(['1', '3', '4']);
  });

  it('given the pipeline abandons a run midway, then only what it handled is resolved and committed, and the batch ends', async () => {
    const runs: string[][] = [];
    const { deliver, commits, stop } = await consume(async (run) => {
      runs.push(run.map((message) => message.offset));
      throw new RunFailure(1, new ProcessingAbandoned('stopping'));
    }, 3);
    const resolved = await deliver(6);
    await stop();
    expect(runs).toEqual([['0', '1', '2']]);
    expect(resolved).toEqual(['0']);
    expect(commits.flat()).toEqual([{ topic: 'order.created', partition: 2, offset: '1' }]);
  });

  it('given batchSize 1, then the same pipeline gets runs of one', async () => {
    const runs: number[] = [];
    const { deliver, stop } = await consume(async (run) => void runs.push(run.length), 1);
    await deliver(3);
    await stop();
    expect(runs).toEqual([1, 1, 1]);
  });
});

describe('brokerRestarting', () => {
  it('given kafkajs giving up on an unelected group coordinator, then the group is rejoined, not the service restarted', () => {
    const coordinator = Object.assign(new Error('Failed to find group coordinator'), {
      name: 'KafkaJSNonRetriableError',
      cause: Object.assign(new Error('no coordinator'), { name: 'KafkaJSGroupCoordinatorNotFound' }),
    });
    expect(brokerRestarting(coordinator)).toBe(true);
    expect(brokerRestarting(new Error('Failed to find group coordinator'))).toBe(true);
  });

  it('given any other crash, then it is not taken for a broker restart', () => {
    expect(brokerRestarting(new TypeError('undefined is not a function'))).toBe(false);
    expect(brokerRestarting(undefined)).toBe(false);
  });
});
