/** Every price in the catalogue, and so every reservation, is in this currency. */
export const CURRENCY = 'USD' as const;

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  /** Units new orders can still reserve. */
  available: number;
  /** Units set aside for orders that are neither confirmed nor cancelled yet. */
  reserved: number;
}
