import { describe, expect, it } from 'vitest';
import { rawMessage, silentLogger } from '../../testing/handler-harness';
import { decoder } from './decode';

type Events = { 'order.created': { eventId: string; orderId: string; occurredAt: number } };
const created = { eventId: 'e-1', orderId: 'o-1', occurredAt: 0 };
const decode = decoder<Events>({
  handlers: { 'order.created': async () => {} },
  decode: async (buffer) => ({ value: JSON.parse(buffer.toString()) }),
  logger: silentLogger(),
});

describe('decoder', () => {
  it('given a record of a handled topic, then it becomes the event its handler takes, with its origin and metadata', async () => {
    const message = {
      ...rawMessage('order.created', Buffer.from(JSON.stringify(created)), { producer: 'order' }, 7),
      key: Buffer.from('o-1'),
    };
    const { event, handler } = await decode(message);
    expect(handler).toBeTypeOf('function');
    expect(event).toMatchObject({
      topic: 'order.created',
      partition: 0,
      offset: '7',
      key: 'o-1',
      value: created,
      metadata: { eventId: 'e-1', producer: 'order', correlationId: 'o-1' },
    });
  });

  it('given a topic without a handler, then it is poison', async () => {
    await expect(decode(rawMessage('order.shipped', Buffer.from('{}')))).rejects.toMatchObject({
      code: 'TOPIC_UNHANDLED',
      retryable: false,
    });
  });

  it('given a tombstone, then it is poison', async () => {
    await expect(decode(rawMessage('order.created', null))).rejects.toMatchObject({ code: 'EVENT_EMPTY' });
  });
});
