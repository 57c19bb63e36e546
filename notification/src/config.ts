import { baseConfigShape } from '@saga/saga-runtime';

export const configShape = {
  ...baseConfigShape({ name: 'notification', defaultPort: 3004 }),
};
