import { baseConfigShape } from '@saga/saga-runtime';
import { saga } from '@saga/schemas';

export const configShape = {
  ...baseConfigShape({ name: 'notification', defaultPort: saga.notification.port }),
};
