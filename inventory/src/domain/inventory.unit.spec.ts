import type { DecideContext } from '@saga/saga-runtime/decider';
import { deciderSpecification } from '@saga/saga-runtime/testing/decider';
import type { OrderItem } from '@saga/schemas';
import { describe, expect, it } from 'vitest';
import { type InventoryState, inventoryDecider, type Reservation, skusToLock } from './inventory';
import type { Product } from './product';

const now = new Date('2026-01-02T03:04:05.000Z');
let ids = 0;
const context: DecideContext = {
  now,
  newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
};
const given = deciderSpecification(inventoryDecider, context).given;
const orderId = '11111111-1111-4111-8111-111111111111';

const product = (sku: string, priceCents: number, available: number, reserved = 0): Product => ({
  sku,
  name: `${sku} name`,
  priceCents,
  available,
  reserved,
});

const line = (sku: string, quantity: number): OrderItem => ({ sku, quantity });
const created = (items: OrderItem[]) =>
  ({ type: 'OrderCreated', orderId, customerId: 'alice', currency: 'USD', items }) as const;
const confirmed = { type: 'OrderConfirmed', orderId } as const;
const cancelled = { type: 'OrderCancelled', orderId, customerId: 'alice' } as const;

const stock = (state: InventoryState) =>
  Object.fromEntries(state.products.map((p) => [p.sku, { available: p.available, reserved: p.reserved }]));

const coffeeAndMug = (): InventoryState => ({
  reservation: null,
  products: [product('COFFEE', 1250, 10), product('MUG', 800, 5)],
});
const twoCoffeesAndAMug = created([line('COFFEE', 2), line('MUG', 1)]);

/** Coffee (1250) and mug (800), 2 and 1 of them reserved for the order. */
const reservedState = (): InventoryState =>
  inventoryDecider.decide(coffeeAndMug(), twoCoffeesAndAMug, context).state;

const withStatus = (state: InventoryState, status: Reservation['status']): InventoryState => ({
  ...state,
  reservation: { ...state.reservation!, status },
});

const nothingChanges = (before: InventoryState) => (decision: unknown) =>
  expect(decision).toEqual({ state: before, events: [] });

describe('reserving on order.created', () => {
  it('given enough stock, when the order is created, then every line is reserved, priced and published', () => {
    given(coffeeAndMug())
      .when(twoCoffeesAndAMug)
      .thenExpect(({ state, events }) => {
        expect(stock(state)).toEqual({
          COFFEE: { available: 8, reserved: 2 },
          MUG: { available: 4, reserved: 1 },
        });
        const lines = [
          { sku: 'COFFEE', quantity: 2, unitPriceCents: 1250 },
          { sku: 'MUG', quantity: 1, unitPriceCents: 800 },
        ];
        expect(state.reservation).toEqual({
          orderId,
          customerId: 'alice',
          status: 'RESERVED',
          lines,
          totalCents: 3300,
          createdAt: now,
          updatedAt: now,
        });
        expect(events).toEqual([
          {
            topic: 'inventory.reserved',
            event: {
              eventId: expect.any(String),
              orderId,
              occurredAt: now.getTime(),
              customerId: 'alice',
              currency: 'USD',
              lines,
              totalCents: 3300,
            },
          },
        ]);
      });
  });

  it('given exactly the stock asked for, when the order is created, then it is reserved down to zero', () => {
    given({ reservation: null, products: [product('PRINT', 4900, 5)] })
      .when(created([line('PRINT', 5)]))
      .thenExpect(({ state }) => expect(stock(state)).toEqual({ PRINT: { available: 0, reserved: 5 } }));
  });

  it('given one line short, when the order is created, then nothing is reserved and OUT_OF_STOCK names it', () => {
    const before: InventoryState = {
      reservation: null,
      products: [product('COFFEE', 1250, 10), product('PRINT', 4900, 1)],
    };
    given(before)
      .when(created([line('COFFEE', 2), line('PRINT', 3)]))
      .thenExpect(({ state, events }) => {
        expect(state.products).toBe(before.products);
        expect(state.reservation).toMatchObject({ status: 'REJECTED', lines: [], totalCents: 0 });
        expect(events).toEqual([
          {
            topic: 'inventory.rejected',
            event: expect.objectContaining({
              orderId,
              customerId: 'alice',
              reason: 'OUT_OF_STOCK',
              detail: 'out of stock: PRINT (wanted 3, 1 available)',
            }),
          },
        ]);
      });
  });

  it('given an unknown sku and a short one, when the order is created, then UNKNOWN_SKU wins and both are named', () => {
    const before: InventoryState = { reservation: null, products: [product('PRINT', 4900, 1)] };
    given(before)
      .when(created([line('NOPE', 1), line('PRINT', 2)]))
      .thenExpect(({ state, events }) => {
        expect(state.products).toBe(before.products);
        expect(events[0]).toMatchObject({
          topic: 'inventory.rejected',
          event: {
            reason: 'UNKNOWN_SKU',
            detail: 'unknown sku: NOPE; out of stock: PRINT (wanted 2, 1 available)',
          },
        });
      });
  });

  it('given a sku listed twice, when the order is created, then its quantities count together', () => {
    given({ reservation: null, products: [product('PRINT', 4900, 3)] })
      .when(created([line('PRINT', 2), line('PRINT', 2)]))
      .thenExpect(({ events }) =>
        expect(events[0]).toMatchObject({ topic: 'inventory.rejected', event: { reason: 'OUT_OF_STOCK' } }),
      );
  });

  it('given a reservation already, when order.created arrives again, then nothing changes', () => {
    const before = reservedState();
    given(before)
      .when(created([line('COFFEE', 1)]))
      .thenExpect(nothingChanges(before));
  });

  it('given an order in another currency or without a positive quantity, then it is poison', () => {
    const state: InventoryState = { reservation: null, products: [product('MUG', 800, 5)] };
    given(state)
      .when({ ...created([line('MUG', 1)]), currency: 'EUR' })
      .thenThrows(expect.objectContaining({ code: 'CURRENCY_UNSUPPORTED', retryable: false }));
    given(state)
      .when(created([line('MUG', 0)]))
      .thenThrows(expect.objectContaining({ code: 'ORDER_LINE_INVALID' }));
    given(state)
      .when(created([]))
      .thenThrows(expect.objectContaining({ code: 'ORDER_EMPTY' }));
  });
});

describe('committing on order.confirmed', () => {
  it('given a RESERVED reservation, when the order is confirmed, then it is COMMITTED and the stock leaves', () => {
    given(reservedState())
      .when(confirmed)
      .thenExpect(({ state, events }) => {
        expect(state.reservation?.status).toBe('COMMITTED');
        expect(stock(state)).toEqual({
          COFFEE: { available: 8, reserved: 0 },
          MUG: { available: 4, reserved: 0 },
        });
        expect(events).toEqual([]);
      });
  });

  it.each(['COMMITTED', 'RELEASED', 'REJECTED', 'CANCELLED'] as const)(
    'given a %s reservation, when the order is confirmed, then nothing changes',
    (status) => {
      const before = withStatus(reservedState(), status);
      given(before).when(confirmed).thenExpect(nothingChanges(before));
    },
  );

  it('given no reservation, when the order is confirmed, then nothing changes', () => {
    const before: InventoryState = { reservation: null, products: [] };
    given(before).when(confirmed).thenExpect(nothingChanges(before));
  });
});

describe('releasing on order.cancelled', () => {
  const backOnTheShelf = { COFFEE: { available: 10, reserved: 0 }, MUG: { available: 5, reserved: 0 } };

  it('given a RESERVED reservation, when the order is cancelled, then the stock is available again', () => {
    given(reservedState())
      .when(cancelled)
      .thenExpect(({ state, events }) => {
        expect(state.reservation?.status).toBe('RELEASED');
        expect(stock(state)).toEqual(backOnTheShelf);
        expect(events).toEqual([
          {
            topic: 'inventory.released',
            event: {
              eventId: expect.any(String),
              orderId,
              occurredAt: now.getTime(),
              lines: [
                { sku: 'COFFEE', quantity: 2 },
                { sku: 'MUG', quantity: 1 },
              ],
            },
          },
        ]);
      });
  });

  it('given a confirmed order, when it is cancelled, then its stock is restocked', () => {
    given(reservedState(), confirmed)
      .when(cancelled)
      .thenExpect(({ state, events }) => {
        expect(state.reservation?.status).toBe('RELEASED');
        expect(stock(state)).toEqual(backOnTheShelf);
        expect(events.map((e) => e.topic)).toEqual(['inventory.released']);
      });
  });

  it('given a released reservation, when the cancel is repeated, then nothing changes', () => {
    const released = inventoryDecider.decide(reservedState(), cancelled, context).state;
    given(released).when(cancelled).thenExpect(nothingChanges(released));
  });

  it('given a REJECTED reservation, when the order is cancelled, then nothing changes', () => {
    const before = withStatus(reservedState(), 'REJECTED');
    given(before).when(cancelled).thenExpect(nothingChanges(before));
  });

  it('given no reservation, when the cancel overtakes order.created, then a tombstone is kept', () => {
    given({ reservation: null, products: [] })
      .when(cancelled)
      .thenExpect(({ state, events }) => {
        expect(state.reservation).toEqual({
          orderId,
          customerId: 'alice',
          status: 'CANCELLED',
          lines: [],
          totalCents: 0,
          createdAt: now,
          updatedAt: now,
        });
        expect(events).toEqual([]);
      });
  });

  it('given a tombstone, when the cancel is repeated, then nothing changes', () => {
    const tombstone = inventoryDecider.decide({ reservation: null, products: [] }, cancelled, context).state;
    given(tombstone).when(cancelled).thenExpect(nothingChanges(tombstone));
  });

  it('given a tombstone, when the late order.created arrives, then nothing is reserved nor published', () => {
    const tombstone = inventoryDecider.decide({ reservation: null, products: [] }, cancelled, context).state;
    const late = created([line('COFFEE', 1)]);
    expect(skusToLock(tombstone.reservation, late)).toEqual([]);
    given(tombstone).when(late).thenExpect(nothingChanges(tombstone));
  });
});

describe('skusToLock', () => {
  it('given a new order, then its skus are locked once each, sorted', () => {
    const items = [
      { sku: 'MUG', quantity: 1 },
      { sku: 'COFFEE', quantity: 1 },
      { sku: 'MUG', quantity: 2 },
    ];
    expect(skusToLock(null, created(items))).toEqual(['COFFEE', 'MUG']);
  });

  it("given a reservation, then a confirm or cancel locks the reservation's skus", () => {
    const { reservation } = reservedState();
    expect(skusToLock(reservation, confirmed)).toEqual(['COFFEE', 'MUG']);
    expect(skusToLock(reservation, cancelled)).toEqual(['COFFEE', 'MUG']);
    expect(skusToLock(null, cancelled)).toEqual([]);
  });
});
