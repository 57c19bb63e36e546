import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createLogger } from '../logger';
import { testStack } from '../testing/test-stack';
import { ensureTopics, waitForKafka } from './admin';
import { createKafka } from './client';

const brokers = testStack.kafkaBrokers();

describe('kafka admin against the broker', () => {
  const logger = createLogger({ service: 'runtime-it', level: 'warn', stream: { write: () => true } });
  const kafka = createKafka({ clientId: 'runtime-it', brokers, logger });
  const prefix = `runtime-it-${randomUUID()}`;
  const specs = [
    { name: `${prefix}.events`, partitions: 3, retentionMs: 3_600_000, cleanupPolicy: 'delete' as const },
    { name: `${prefix}.state`, partitions: 1, cleanupPolicy: 'compact' as const },
  ];

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: specs.map((s) => s.name) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('waits for the broker', async () => {
    await expect(waitForKafka(kafka, 30_000)).resolves.toBeUndefined();
  });

  it('creates missing topics with their partitions and settings, once', async () => {
    expect(await ensureTopics(kafka, specs)).toEqual(specs.map((s) => s.name));
    expect(await ensureTopics(kafka, specs)).toEqual([]);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
      const partitions = Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]));
      expect(partitions).toEqual({ [specs[0]!.name]: 3, [specs[1]!.name]: 1 });
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: specs.map((s) => ({
          type: ConfigResourceTypes.TOPIC,
          name: s.name,
          configNames: ['retention.ms', 'cleanup.policy'],
        })),
      });
      const settings = Object.fromEntries(
        resources.map((r) => [
          r.resourceName,
          Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue])),
        ]),
      );
      expect(settings[specs[0]!.name]).toEqual({ 'retention.ms': '3600000', 'cleanup.policy': 'delete' });
      expect(settings[specs[1]!.name]).toMatchObject({ 'cleanup.policy': 'compact' });
    } finally {
      await admin.disconnect();
    }
  });

  it('gives up on an unreachable broker with a transient error', async () => {
    const nowhere = createKafka({ clientId: 'runtime-it', brokers: ['127.0.0.1:9'] });
    const err = await waitForKafka(nowhere, 1_500, 200).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retryable: true });
  });
});
