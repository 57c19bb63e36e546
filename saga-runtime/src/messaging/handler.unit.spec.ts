import { describe, expect, expectTypeOf, it } from 'vitest';
import type { SagaEvent } from './event';
import type { EventHandler, Handlers, ServiceContract } from './handler';

// The handler types carry two promises of the saga's declaration; `tsc` (pnpm check) checks the
// type assertions below, vitest checks that the handlers built under them run.

type Events = { placed: SagaEvent; paid: SagaEvent; shipped: SagaEvent };
interface Shop extends ServiceContract {
  events: Events;
  groups: { service: 'placed' | 'paid'; audit: 'shipped' };
  produces: 'shipped';
}

const noop = async () => {};

describe('handler types', () => {
  it('want exactly one handler per topic a group consumes', async () => {
    const handlers: Handlers<Shop> = { placed: noop, paid: noop };
    expectTypeOf(handlers).toHaveProperty('placed');
    expectTypeOf<Handlers<Shop, 'audit'>>().toEqualTypeOf<{
      shipped: EventHandler<Events, 'shipped', 'shipped'>;
    }>();
    // @ts-expect-error a consumed topic without a handler does not compile
    const missing: Handlers<Shop> = { placed: noop };
    // @ts-expect-error nor does a handler for a topic the group does not consume
    const extra: Handlers<Shop> = { placed: noop, paid: noop, shipped: noop };
    expect(Object.keys({ ...missing, ...extra }).sort()).toEqual(['paid', 'placed', 'shipped']);
  });

  it('let a handler publish only what the service declares it produces', async () => {
    const published: string[] = [];
    const paid: Handlers<Shop>['paid'] = async (event, { publish }) => {
      await publish('shipped', event.value);
      // @ts-expect-error the service does not declare that it publishes `placed`
      await publish('placed', event.value);
    };
    const value = { eventId: 'e', orderId: 'o', occurredAt: 0 };
    await paid(
      { topic: 'paid', partition: 0, offset: '0', key: 'o', value, metadata: {} as never },
      {
        tx: {} as never,
        logger: {} as never,
        afterCommit: () => {},
        publish: async (topic) => void published.push(topic),
      },
    );
    expect(published).toEqual(['shipped', 'placed']);
  });
});
