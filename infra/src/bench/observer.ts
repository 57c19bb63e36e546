import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AvroCodec } from '@saga/saga-runtime';
import { eventTopics } from '@saga/schemas';
import type { Admin, Kafka } from 'kafkajs';

/** One event of a saga as the bench consumer saw it. */
export interface SeenEvent {
  topic: string;
  eventId: string;
  causationId: string | null;
  /** Kafka record timestamp: when the relay produced it. */
  producedAt: number;
  /** From the payload: when the service's transaction wrote it to the outbox. */
  occurredAt: number;
  size: number;
}

export interface Terminal {
  outcome: string; // CONFIRMED or the cancellation reason
  seenAt: number;
}

export const terminalTopics: ReadonlySet<string> = new Set(['order.confirmed', 'order.cancelled']);

/**
 * The bench's own consumer group on every event topic, from the end of the log: it sees each
 * saga's events with their record timestamps, and tells waiting workers when a saga ended.
 *
 * Only the terminal topics are read live. The other topics are paused at the offsets the run
 * began from and read after it (`readTheRest`), when the step timings are worked out: their
 * record timestamps are the same whenever they are read, and a group fetching every partition of
 * every topic once per event would weigh on Kafka and on the bench while the load is measured.
 */
export class SagaObserver {
  readonly events = new Map<string, SeenEvent[]>();
  readonly terminals = new Map<string, Terminal>();
  private readonly waiters = new Map<string, (terminal: Terminal) => void>();
  private readonly groupId = `bench-observer-${randomUUID()}`;
  private readonly consumer;
  /** The last offset seen of each `topic:partition`. */
  private readonly seenUpTo = new Map<string, bigint>();
  private readonly later = eventTopics.filter((topic) => !terminalTopics.has(topic));
  /** Where the run began in each `topic:partition`: the first offset it may produce. */
  private readonly startedAt = new Map<string, bigint>();
  private resumed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
  ) {
    // A fetch returns as soon as one byte is there (minBytes 1): a long wait only spares an idle broker
    // from being polled, and costs no latency.
    this.consumer = kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 1000 });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      // A paused partition is left out of every fetch until `readTheRest`.
      if (!this.resumed) this.consumer.pause(this.later.map((topic) => ({ topic })));
    });
  }

  /** Resolves once the group owns every partition, so no event produced afterwards is missed. */
  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    // Pin the starting point to today's end offsets, whatever moment the group joins.
    const ends = await Promise.all(
      eventTopics.map(async (topic) => ({ topic, offsets: await endOffsets(admin, topic) })),
    );
    await admin.disconnect();
    const joined = new Promise<void>((resolve) =>
      this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()),
    );
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...eventTopics], fromBeginning: false });
    await this.consumer.run({
      // It starts from offsets it was told (seek), so it has nothing to commit.
      autoCommit: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) await this.see(batch.topic, message);
        const last = batch.messages.at(-1);
        if (last) this.seenUpTo.set(`${batch.topic}:${batch.partition}`, BigInt(last.offset));
      },
    });
    await joined;
    for (const { topic, offsets } of ends)
      for (const { partition, high } of offsets) {
        this.startedAt.set(`${topic}:${partition}`, BigInt(high));
        this.consumer.seek({ topic, partition, offset: high });
      }
  }

  /**
   * Reads the paused topics up to their ends as they are now, so `events` holds every event the
   * run produced. Call it once the run is over and measured.
   */
  async readTheRest(timeoutMs = 120_000): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await Promise.all(
      this.later.map(async (topic) => ({ topic, offsets: await endOffsets(admin, topic) })),
    ).finally(() => admin.disconnect());
    this.resumed = true;
    this.consumer.resume(this.later.map((topic) => ({ topic })));
    const caughtUp = () =>
      ends.every(({ topic, offsets }) =>
        offsets.every(({ partition, high, low }) => {
          const target = BigInt(high) - 1n;
          if (target < BigInt(low)) return true;
          const seen = this.seenUpTo.get(`${topic}:${partition}`);
          return (
            this.startedAt.get(`${topic}:${partition}`)! > target || (seen !== undefined && seen >= target)
          );
        }),
      );
    const deadline = Date.now() + timeoutMs;
    while (!caughtUp()) {
      if (Date.now() > deadline)
        throw new Error('bench observer: the saga topics were not read to their end in time');
      await sleep(100);
    }
  }

  /** The saga's terminal event, now or when it arrives. */
  terminal(orderId: string): Promise<Terminal> {
    const known = this.terminals.get(orderId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => this.waiters.set(orderId, resolve));
  }

  forget(orderId: string): void {
    this.waiters.delete(orderId);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([this.groupId]).catch(() => undefined);
    await admin.disconnect();
  }

  private async see(
    topic: string,
    message: {
      key: Buffer | null;
      value: Buffer | null;
      timestamp: string;
      headers?: Record<string, unknown>;
    },
  ): Promise<void> {
    const seenAt = Date.now();
    const orderId = message.key?.toString();
    if (!orderId || !message.value) return;
    const header = (name: string) => message.headers?.[name]?.toString() ?? null;
    let value: { eventId: string; occurredAt: number; reason?: string };
    try {
      value = (await this.codec.decode(message.value, { topic })).value as typeof value;
    } catch {
      return; // not a saga event (e.g. a hostile test's garbage); nothing to measure
    }
    const seen = this.events.get(orderId) ?? [];
    seen.push({
      topic,
      eventId: value.eventId,
      causationId: header('causation-id'),
      producedAt: Number(message.timestamp),
      occurredAt: Number(value.occurredAt),
      size: message.value.length,
    });
    this.events.set(orderId, seen);
    if (!terminalTopics.has(topic)) return;
    // A redelivered copy (same eventId) changes nothing; a second decision shows in `events`.
    if (this.terminals.has(orderId)) return;
    const terminal = {
      outcome: topic === 'order.confirmed' ? 'CONFIRMED' : (value.reason ?? 'CANCELLED'),
      seenAt,
    };
    this.terminals.set(orderId, terminal);
    this.waiters.get(orderId)?.(terminal);
    this.waiters.delete(orderId);
  }
}

/**
 * A topic's offsets, asked again for a few seconds: on a cluster formed moments ago, kafkajs'
 * fetchTopicOffsets fails for a while (it reads the first of no results) instead of retrying. The
 * cause is not found yet: every node's metadata already lists the topics with their leaders then.
 */
async function endOffsets(admin: Admin, topic: string, attempts = 40) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(250);
    }
  }
}
