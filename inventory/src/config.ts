import { baseConfigShape } from '@saga/saga-runtime';
import { saga } from '@saga/schemas';
import { z } from 'zod';

export const configShape = {
  ...baseConfigShape({ name: 'inventory', defaultPort: saga.inventory.port }),
  /** Seeds the demo catalogue on first start (only into an empty catalogue). */
  SEED_CATALOGUE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
};
