import { describe, expect, it } from 'vitest';
import { silentLogger } from '../testing/handler-harness';
import type { OutboxRow, OutboxStore } from './outbox-store';
import type { OutgoingRecord, Publish } from './publish';
import { createRelay } from './relay';

const row = (id: number, topic = 'order.created'): OutboxRow => ({
  id: String(id),
  eventId: `e-${id}`,
  topic,
  key: `o-${id % 2}`,
  payload: { id },
  headers: { 'event-type': topic },
});

/**
 * An outbox in memory: `rows` unpublished, leadership granted while `leader` says so;
 * `dropSession()` closes the current session's connection.
 */
function fakeStore(rows: OutboxRow[], leader = () => true) {
  const published: string[] = [];
  let wake: (() => void) | undefined;
  let sessions = 0;
  let held = false;
  const store: OutboxStore = {
    session: async () => {
      sessions += 1;
      held = false;
      return {
        tryLead: async () => {
          held = leader();
          return held;
        },
        leading: () => held,
        end: async () => {
          held = false;
        },
      };
    },
    unpublished: async (limit, sent = []) => {
      published.push(...sent);
      return rows.filter((r) => !published.includes(r.id)).slice(0, limit);
    },
    listen: async (callback) => {
      wake = callback;
      return async () => {};
    },
  };
  return {
    store,
    published,
    notify: () => wake?.(),
    sessions: () => sessions,
    dropSession: () => {
      held = false;
    },
  };
}

function capture(fail = () => false) {
  const sent: OutgoingRecord[][] = [];
  const publish: Publish = async (records) => {
    if (fail()) throw new Error('kafka unavailable');
    sent.push(records);
    return [];
  };
  return { publish, sent };
}

const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 2000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const relayOf = (store: OutboxStore, publish: Publish, pollIntervalMs = 10_000) =>
  createRelay({
    store,
    publish,
    encode: async (_topic, value) => Buffer.from(JSON.stringify(value)),
    logger: silentLogger(),
    batchSize: 2,
    pollIntervalMs,
  });

describe('outbox relay', () => {
  it('given unpublished rows, then the leader publishes them in id order, in batches, with the event id header, and marks them', async () => {
    const { store, published } = fakeStore([row(1), row(2), row(3)]);
    const { publish, sent } = capture();
    const relay = relayOf(store, publish);
    relay.start();
    await until(() => sent.flat().length === 3);
    // Marked by the next read: the one stopping makes.
    await relay.stop();
    expect(sent.map((batch) => batch.map((record) => record.key))).toEqual([['o-1', 'o-0'], ['o-1']]);
    expect(sent[0]?.[0]).toMatchObject({
      topic: 'order.created',
      value: Buffer.from('{"id":1}'),
      headers: { 'event-type': 'order.created', 'event-id': 'e-1' },
    });
    expect(published).toEqual(['1', '2', '3']);
  });

  it('given another instance leads, then nothing is published', async () => {
    const { store, published } = fakeStore([row(1)], () => false);
    const relay = relayOf(store, capture().publish, 5);
    relay.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await relay.stop();
    expect(published).toEqual([]);
  });

  it('given a write commits while the relay naps, then the notification wakes it before the poll interval', async () => {
    const rows: OutboxRow[] = [];
    const { store, published, notify } = fakeStore(rows);
    const { publish, sent } = capture();
    const relay = relayOf(store, publish, 60_000);
    relay.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    rows.push(row(1));
    notify();
    await until(() => sent.length === 1);
    await relay.stop();
    expect(published).toEqual(['1']);
  });

  it('given Kafka unavailable, then the rows stay unpublished and are published once it is back', async () => {
    let down = true;
    const { store, published, sessions } = fakeStore([row(1)]);
    const { publish, sent } = capture(() => down);
    const relay = relayOf(store, publish, 5);
    relay.start();
    await until(() => sessions() >= 2);
    expect(published).toEqual([]);
    down = false;
    await until(() => published.length === 1);
    await relay.stop();
    expect(sent).toHaveLength(1);
  });

  it('given its session closes while it leads, then it publishes nothing more until a new session leads', async () => {
    const rows = [row(1)];
    let canLead = true;
    const { store, published, sessions, dropSession, notify } = fakeStore(rows, () => canLead);
    const { publish, sent } = capture();
    const relay = relayOf(store, publish, 5);
    relay.start();
    await until(() => sent.length === 1);
    // The lock went with the connection, and another instance holds it now.
    canLead = false;
    dropSession();
    rows.push(row(2));
    notify();
    await until(() => sessions() >= 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent.flat().map((record) => record.headers['event-id'])).toEqual(['e-1']);
    canLead = true;
    await until(() => sent.length === 2);
    await relay.stop();
    expect(sent.flat().map((record) => record.headers['event-id'])).toEqual(['e-1', 'e-2']);
    expect(published).toEqual(['1', '2']);
  });
});
