import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { requireAdmin } from './admin-auth';
import { problemHandler } from './problem';

function app() {
  const hono = new Hono();
  hono.onError(problemHandler(createLogger({ service: 'test', stream: { write: () => true } })));
  hono.use('/admin/*', requireAdmin('s3cret-token'));
  hono.post('/admin/replay', (c) => c.json({ ok: true }));
  return hono;
}

const post = (authorization?: string) =>
  app().request('/admin/replay', { method: 'POST', headers: authorization ? { authorization } : {} });

describe('requireAdmin', () => {
  it('lets the right bearer token through', async () => {
    const res = await post('Bearer s3cret-token');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect((await post('bearer s3cret-token')).status).toBe(200);
  });

  it.each([undefined, 's3cret-token', 'Basic czNjcmV0', 'Bearer ', 'Bearer a b'])(
    'answers 401 ADMIN_TOKEN_MISSING for header %o',
    async (header) => {
      const res = await post(header);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
      expect(await res.json()).toMatchObject({ code: 'ADMIN_TOKEN_MISSING', status: 401 });
    },
  );

  it.each(['Bearer wrong', 'Bearer s3cret-token-but-longer', 'Bearer s'])(
    'answers 403 ADMIN_TOKEN_INVALID for %o',
    async (header) => {
      const res = await post(header);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'ADMIN_TOKEN_INVALID', status: 403 });
    },
  );
});
