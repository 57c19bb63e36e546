import { baseConfigShape } from '@saga/saga-runtime';
import { saga } from '@saga/schemas';
import { z } from 'zod';

export const configShape = {
  ...baseConfigShape({ name: 'payment', defaultPort: saga.payment.port }),
  /** Balance, in cents, of an account created the first time a customer is seen. */
  DEFAULT_OPENING_BALANCE_CENTS: z.coerce.number().int().min(0).default(100_000),
};
