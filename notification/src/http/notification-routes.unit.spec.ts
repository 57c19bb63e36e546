import { createLogger, createServiceApp, type DatabaseHandle } from '@saga/saga-runtime';
import { describe, expect, it } from 'vitest';
import { notificationRoutes } from './notification-routes';

// Validation must answer before any query runs, so a database that fails when touched is enough.
const database = {
  get db(): never {
    throw new Error('the database must not be used for an invalid request');
  },
} as unknown as DatabaseHandle;

function testApp() {
  const logger = createLogger({ service: 'notification', level: 'error', stream: { write: () => true } });
  const app = createServiceApp({ service: 'notification', logger, readiness: [] });
  app.route('/', notificationRoutes({ database }));
  return app;
}

async function problemFor(path: string) {
  const response = await testApp().request(path);
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as { code: string; errors?: { path: string; message: string }[] };
}

describe('GET /notifications', () => {
  it('refuses a request without orderId with a 400 problem', async () => {
    const problem = await problemFor('/notifications');
    expect(problem).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'query.orderId', message: 'orderId is required' }],
    });
  });

  it('refuses an orderId that is not a uuid with a 400 problem', async () => {
    const problem = await problemFor('/notifications?orderId=not-a-uuid');
    expect(problem).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'query.orderId', message: 'orderId must be a UUID' }],
    });
  });

  it('refuses an empty orderId with a 400 problem', async () => {
    expect((await problemFor('/notifications?orderId=')).code).toBe('VALIDATION_FAILED');
  });

  it('documents the route in the OpenAPI document', async () => {
    const response = await testApp().request('/openapi.json');
    const document = (await response.json()) as { paths: Record<string, { get?: { parameters?: unknown } }> };
    expect(document.paths['/notifications']?.get?.parameters).toEqual([
      expect.objectContaining({ name: 'orderId', in: 'query', required: true }),
    ]);
  });

  it('documents whether each notification was sent or only recorded', async () => {
    const response = await testApp().request('/openapi.json');
    const document = (await response.json()) as {
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    expect(document.components.schemas.Notification?.properties.delivery).toMatchObject({
      enum: ['SENT', 'SUPPRESSED'],
      description: expect.stringContaining('recorded but not sent'),
    });
  });
});
