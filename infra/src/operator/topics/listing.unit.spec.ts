import { describe, expect, it } from 'vitest';
import { formatTopics } from './listing';

describe('the topic listing', () => {
  const text = formatTopics([
    {
      name: 'order.created',
      ends: [7, 12, 0],
      groups: [
        { groupId: 'inventory-service', lags: [0, 2, 0] },
        { groupId: 'order-timeline', lags: [1, 0, 0] },
      ],
    },
    { name: 'order-service.dlq', ends: [1], groups: [] },
    { name: 'payment.refunded', ends: null, groups: [] },
  ]);
  const lines = text.split('\n');

  it('given topics and groups, then each topic shows its end offsets and each group under it its lag', () => {
    expect(lines).toEqual([
      'TOPIC / CONSUMER GROUP  PARTITIONS       TOTAL  p0  p1  p2',
      'order.created                    3  end     19   7  12   0',
      '  inventory-service                 lag      2   0   2   0',
      '  order-timeline                    lag      1   1   0   0',
      'order-service.dlq                1  end      1   1',
      'payment.refunded        declared by the saga, not on the broker',
    ]);
  });
});
