import { AppError } from '@saga/saga-runtime/errors';

/** Opaque to clients: the position of the last order of a page (newest-first keyset pagination). */
export function encodeCursor(order: { createdAt: Date; orderId: string }): string {
  return Buffer.from(`${order.createdAt.toISOString()}|${order.orderId}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; orderId: string } {
  const [time, orderId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(time ?? '');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (Number.isNaN(createdAt.getTime()) || !orderId || !uuid.test(orderId)) {
    throw AppError.badRequest('CURSOR_INVALID', 'cursor is not one this service returned');
  }
  return { createdAt, orderId };
}
