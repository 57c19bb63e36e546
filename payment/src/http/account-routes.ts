import { createRoute, type z } from '@hono/zod-openapi';
import { AppError, createRouter, problemResponses, requireAdmin, type ServiceDeps } from '@saga/saga-runtime';
import { findAccount, setBalance } from '../db/accounts';
import type { Account } from '../domain/payment';
import { AccountSchema, CustomerIdParam, SetBalanceBody } from './payment-schemas';

export type AccountRouteDeps = Pick<ServiceDeps<{ ADMIN_TOKEN: string }>, 'config' | 'database' | 'clock'>;

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const getAccount = createRoute({
  method: 'get',
  path: '/accounts/{customerId}',
  request: { params: CustomerIdParam },
  responses: { 200: json(AccountSchema, 'The account'), ...problemResponses(400, 404) },
});

const putAccount = (adminToken: string) =>
  createRoute({
    method: 'put',
    path: '/accounts/{customerId}',
    description: 'Sets the balance, opening the account if the customer is new. Admin only.',
    security: [{ adminToken: [] }],
    // Before validation: a caller without the token learns nothing about the body's shape.
    middleware: [requireAdmin(adminToken)] as const,
    request: {
      params: CustomerIdParam,
      body: { content: { 'application/json': { schema: SetBalanceBody } }, required: true },
    },
    responses: {
      200: json(AccountSchema, 'The balance was set'),
      201: json(AccountSchema, 'The account was opened with this balance'),
      ...problemResponses(400, 401, 403, 413, 415),
    },
  });

export function accountRoutes(deps: AccountRouteDeps) {
  const router = createRouter();
  const { db } = deps.database;
  router.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
  });

  router.openapi(getAccount, async (c) => {
    const { customerId } = c.req.valid('param');
    const account = await findAccount(db, customerId);
    if (!account) throw AppError.notFound('ACCOUNT_NOT_FOUND', `no account for customer ${customerId}`);
    return c.json(toJson(account), 200);
  });

  router.openapi(putAccount(deps.config.ADMIN_TOKEN), async (c) => {
    const { customerId } = c.req.valid('param');
    const { balanceCents } = c.req.valid('json');
    const { account, created } = await setBalance(db, customerId, balanceCents, deps.clock());
    return created ? c.json(toJson(account), 201) : c.json(toJson(account), 200);
  });

  return router;
}

function toJson(account: Account) {
  return { customerId: account.customerId, balanceCents: account.balanceCents, currency: 'USD' as const };
}
