import type { DecideContext, Decider, Decision, Published } from '@saga/saga-runtime/decider';
import { AppError } from '@saga/saga-runtime/errors';
import type { EventMap, OrderItem, RejectionReason, ReservedLine } from '@saga/schemas';
import { CURRENCY, type Product } from './product';
import { moveStock, wantedQuantities } from './stock';

/**
 * CANCELLED is a tombstone: the cancel overtook order.created (the topics are not ordered relative
 * to each other), so when order.created does arrive there is nothing left to reserve for.
 */
export type ReservationStatus = 'RESERVED' | 'COMMITTED' | 'RELEASED' | 'REJECTED' | 'CANCELLED';

export interface Reservation {
  orderId: string;
  customerId: string;
  status: ReservationStatus;
  /** Priced when reserved; empty when nothing was (REJECTED, CANCELLED). */
  lines: ReservedLine[];
  totalCents: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What inventory knows about one order: its reservation and the products it involves, locked. */
export interface InventoryState {
  reservation: Reservation | null;
  products: Product[];
}

export type InventoryCommand =
  | { type: 'OrderCreated'; orderId: string; customerId: string; currency: string; items: OrderItem[] }
  | { type: 'OrderConfirmed'; orderId: string }
  | { type: 'OrderCancelled'; orderId: string; customerId: string };

export type InventoryEvent = Published<
  EventMap,
  'inventory.reserved' | 'inventory.rejected' | 'inventory.released'
>;

type InventoryDecision = Decision<InventoryState, InventoryEvent>;

/** The skus whose products `decide` needs for this command, sorted: locking in one order avoids deadlocks. */
export function skusToLock(reservation: Reservation | null, command: InventoryCommand): string[] {
  const lines =
    command.type === 'OrderCreated' ? (reservation ? [] : command.items) : (reservation?.lines ?? []);
  return [...new Set(lines.map((line) => line.sku))].sort();
}

/**
 * Inventory's rules, with no IO. Unchanged products and reservation come back as the very same
 * objects, so the store writes only what changed.
 */
function decide(state: InventoryState, command: InventoryCommand, context: DecideContext): InventoryDecision {
  const { reservation } = state;
  const unchanged: InventoryDecision = { state, events: [] };
  switch (command.type) {
    case 'OrderCreated':
      // Whatever its status, the order was dealt with already (or cancelled before it got here).
      return reservation ? unchanged : reserve(state.products, command, context);
    case 'OrderConfirmed':
      // The stock leaves the warehouse: it is no longer set aside, nor available again.
      if (reservation?.status !== 'RESERVED') return unchanged;
      return {
        state: {
          reservation: { ...reservation, status: 'COMMITTED', updatedAt: context.now },
          products: moveStock(state.products, reservation.lines, (p, q) => ({
            ...p,
            reserved: p.reserved - q,
          })),
        },
        events: [],
      };
    case 'OrderCancelled':
      return cancel(state, command, context);
  }
}

export const inventoryDecider: Decider<InventoryState, InventoryCommand, InventoryEvent> = { decide };

function reserve(
  products: Product[],
  command: Extract<InventoryCommand, { type: 'OrderCreated' }>,
  context: DecideContext,
): InventoryDecision {
  if (command.currency !== CURRENCY) {
    throw AppError.poison('CURRENCY_UNSUPPORTED', `order ${command.orderId} is in ${command.currency}`);
  }
  const wanted = wantedQuantities(command.orderId, command.items);
  const bySku = new Map(products.map((product) => [product.sku, product]));
  const unknown = [...wanted.keys()].filter((sku) => !bySku.has(sku));
  const short = [...wanted].flatMap(([sku, quantity]) => {
    const product = bySku.get(sku);
    return product && product.available < quantity
      ? [`${sku} (wanted ${quantity}, ${product.available} available)`]
      : [];
  });
  const base = { eventId: context.newId(), orderId: command.orderId, occurredAt: context.now.getTime() };
  const reservation = (status: ReservationStatus, lines: ReservedLine[]): Reservation => ({
    orderId: command.orderId,
    customerId: command.customerId,
    status,
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
    createdAt: context.now,
    updatedAt: context.now,
  });

  if (unknown.length > 0 || short.length > 0) {
    // All or nothing: one line that cannot be served rejects the whole order.
    const reason: RejectionReason = unknown.length > 0 ? 'UNKNOWN_SKU' : 'OUT_OF_STOCK';
    const detail = [
      unknown.length > 0 ? `unknown sku: ${unknown.join(', ')}` : null,
      short.length > 0 ? `out of stock: ${short.join(', ')}` : null,
    ]
      .filter((part) => part !== null)
      .join('; ');
    const event = { ...base, customerId: command.customerId, reason, detail };
    return {
      state: { reservation: reservation('REJECTED', []), products },
      events: [{ topic: 'inventory.rejected', event }],
    };
  }

  const lines = [...wanted].map(([sku, quantity]) => ({
    sku,
    quantity,
    unitPriceCents: bySku.get(sku)!.priceCents,
  }));
  const next = reservation('RESERVED', lines);
  const event = {
    ...base,
    customerId: command.customerId,
    currency: CURRENCY,
    lines,
    totalCents: next.totalCents,
  };
  return {
    state: {
      reservation: next,
      products: moveStock(products, lines, (p, q) => ({
        ...p,
        available: p.available - q,
        reserved: p.reserved + q,
      })),
    },
    events: [{ topic: 'inventory.reserved', event }],
  };
}

function cancel(
  state: InventoryState,
  command: Extract<InventoryCommand, { type: 'OrderCancelled' }>,
  context: DecideContext,
): InventoryDecision {
  const { reservation, products } = state;
  if (!reservation) {
    const tombstone: Reservation = {
      orderId: command.orderId,
      customerId: command.customerId,
      status: 'CANCELLED',
      lines: [],
      totalCents: 0,
      createdAt: context.now,
      updatedAt: context.now,
    };
    return { state: { reservation: tombstone, products }, events: [] };
  }
  if (reservation.status !== 'RESERVED' && reservation.status !== 'COMMITTED') return { state, events: [] };
  // Reserved stock goes back on the shelf; committed stock left it and comes back as a restock.
  const wasReserved = reservation.status === 'RESERVED';
  const moved = moveStock(products, reservation.lines, (p, q) => ({
    ...p,
    available: p.available + q,
    reserved: wasReserved ? p.reserved - q : p.reserved,
  }));
  const event = {
    eventId: context.newId(),
    orderId: reservation.orderId,
    occurredAt: context.now.getTime(),
    lines: reservation.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  };
  return {
    state: {
      reservation: { ...reservation, status: 'RELEASED', updatedAt: context.now },
      products: moved,
    },
    events: [{ topic: 'inventory.released', event }],
  };
}
