import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);
// Served from the npm package rather than a CDN, so /docs works on machines without internet.
const assetsDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const page = (title: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="docs"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs' });</script></body>
</html>`;

/** `/openapi.json` is generated from the app's routes; `/docs` renders it with Swagger UI. */
export function docsRoutes(app: OpenAPIHono, info: { title: string; version: string }): Hono {
  const docs = new Hono();
  docs.get('/openapi.json', (c) => c.json(app.getOpenAPI31Document({ openapi: '3.1.0', info })));
  docs.get('/docs', (c) => c.html(page(info.title)));
  docs.get('/docs/:asset', async (c) => {
    const asset = c.req.param('asset');
    const type = assets[asset];
    if (!type) return c.notFound();
    return c.body(await readFile(join(assetsDir, asset)), 200, { 'Content-Type': type });
  });
  return docs;
}
