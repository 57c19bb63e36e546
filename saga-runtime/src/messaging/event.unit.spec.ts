import { describe, expect, it } from 'vitest';
import { metadataFrom } from './event';

const value = { eventId: 'e-body', orderId: 'o-1', occurredAt: 0 };

describe('metadataFrom', () => {
  it('given saga headers, then the metadata comes from them', () => {
    expect(
      metadataFrom(
        {
          'event-id': 'e-1',
          'event-type': 'order.created',
          'correlation-id': 'c-1',
          'causation-id': 'e-0',
          producer: 'order',
          traceparent: '00-a-b-01',
        },
        'order.created',
        value,
      ),
    ).toEqual({
      eventId: 'e-1',
      eventType: 'order.created',
      correlationId: 'c-1',
      causationId: 'e-0',
      producer: 'order',
      traceparent: '00-a-b-01',
    });
  });

  it('given no headers, then the event itself and its topic stand in for them', () => {
    expect(metadataFrom({}, 'payment.completed', value)).toEqual({
      eventId: 'e-body',
      eventType: 'payment.completed',
      correlationId: 'o-1',
      causationId: null,
      producer: 'unknown',
      traceparent: null,
    });
  });
});
