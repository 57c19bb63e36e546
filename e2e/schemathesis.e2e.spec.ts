import { join } from 'node:path';
import { fuzz, SCHEMATHESIS_VERSION } from '@saga/infra/schemathesis';
import { repoRoot } from '@saga/infra/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from './support/shop';
import { useSystem } from './support/system';

const system = useSystem();

// Enough cases per operation to reach the edges of every schema; together the four runs take
// under two minutes on two cores. The seed keeps what is tried the same from run to run.
const options = {
  maxExamples: 100,
  seed: 20_240_601,
  outputDir: join(repoRoot, 'test-output', 'schemathesis'),
};

// Warnings that mean the document misleads a client: a pattern no generator can use, an admin
// route that still answers 401 with the token, or a schema that contradicts what the route accepts.
const misleadingDocument = [
  'unsupported_regex',
  'missing_auth',
  'validation_mismatch',
  'unresolvable_reference',
];

describe(`Schemathesis ${SCHEMATHESIS_VERSION} throws generated requests at every service`, () => {
  // It writes through the admin routes, and the documented examples are seeded products
  // (SKU-COFFEE): put the catalogue back as it was, or `pnpm demo` meets random prices afterwards.
  let catalogue: Product[] = [];
  beforeAll(async () => {
    catalogue = (await system.inventory.get<{ products: Product[] }>('/products')).body.products;
  });
  afterAll(async () => {
    const now = (await system.inventory.get<{ products: Product[] }>('/products')).body.products;
    for (const { sku, name, priceCents, available } of catalogue) {
      const current = now.find((product) => product.sku === sku);
      if (current?.name === name && current.priceCents === priceCents && current.available === available)
        continue;
      const restored = await system.inventory.put(
        `/products/${encodeURIComponent(sku)}`,
        { name, priceCents, available },
        system.inventory.admin(),
      );
      expect(restored.status, `restoring ${sku}`).toBeLessThan(300);
    }
  });

  it.each(['order', 'inventory', 'payment', 'notification'] as const)(
    'the %s service never answers 5xx nor anything its OpenAPI document does not describe',
    {
      timeout: 240_000,
    },
    async (name) => {
      const client = system[name];
      const { exitCode, output, report } = await fuzz(
        { name, baseUrl: client.baseUrl, headers: client.admin() },
        options,
      );

      // The output names each failure with the curl command that reproduces it.
      expect(exitCode, output).toBe(0);
      expect(report.exit_code, output).toBe(0);
      expect(report.failures, output).toEqual([]);
      expect(report.errors, output).toEqual([]);
      expect(report.operations.tested, output).toBeGreaterThan(0);
      expect(report.operations.tested, output).toBe(report.operations.selected);
      expect(report.operations.errored, output).toBe(0);
      expect(report.test_cases.generated, output).toBeGreaterThanOrEqual(report.operations.tested * 10);
      for (const warning of misleadingDocument) expect(report.warnings[warning] ?? [], output).toEqual([]);
    },
  );
});
