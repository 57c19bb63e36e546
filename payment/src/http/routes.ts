import { createRouter } from '@saga/saga-runtime';
import { type AccountRouteDeps, accountRoutes } from './account-routes';
import { type PaymentRouteDeps, paymentRoutes } from './payment-routes';

export function httpRoutes(deps: AccountRouteDeps & PaymentRouteDeps) {
  const router = createRouter();
  router.route('/', accountRoutes(deps));
  router.route('/', paymentRoutes(deps));
  return router;
}
