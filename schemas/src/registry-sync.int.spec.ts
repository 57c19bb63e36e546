import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemas } from './generated';
import {
  checkAll,
  checkSubjects,
  localSubjects,
  registerAll,
  registerSubjects,
  registryUrlFromEnv,
} from './registry-sync';

const registryUrl = registryUrlFromEnv();

describe('the event schemas', () => {
  it('register under their subjects, the same ids every time', async () => {
    const first = await registerAll(registryUrl);
    expect(first.map((r) => r.subject)).toEqual(localSubjects().map((s) => s.subject));
    expect(first.filter((r) => !r.ok)).toEqual([]);
    expect(await registerAll(registryUrl)).toEqual(first);
  });

  it('are compatible with what is registered', async () => {
    expect((await checkAll(registryUrl)).filter((r) => !r.compatible)).toEqual([]);
  });
});

describe('an edit to a registered schema', () => {
  // A throwaway subject, so the real ones never get a test version.
  const subject = `test-${randomUUID()}-value`;
  const original = schemas['order.confirmed'];
  const withField = (field: object) => JSON.stringify({ ...original, fields: [...original.fields, field] });

  beforeAll(async () => {
    const [registered] = await registerSubjects(registryUrl, [{ subject, schema: JSON.stringify(original) }]);
    expect(registered).toMatchObject({ ok: true });
  });

  afterAll(async () => {
    // Confluent only deletes permanently what was soft-deleted first.
    for (const query of ['', '?permanent=true']) {
      await fetch(`${registryUrl}/subjects/${subject}${query}`, { method: 'DELETE' });
    }
  });

  it('is refused when it adds a field old data cannot fill', async () => {
    const breaking = { subject, schema: withField({ name: 'loyaltyPoints', type: 'int' }) };
    expect(await checkSubjects(registryUrl, [breaking])).toEqual([
      {
        subject,
        compatible: false,
        reasons: expect.arrayContaining([expect.stringContaining('loyaltyPoints')]),
      },
    ]);
    const [refused] = await registerSubjects(registryUrl, [breaking]);
    expect(refused).toMatchObject({ ok: false, reason: expect.stringContaining('loyaltyPoints') });
  });

  it('is accepted when the new field is optional with a default', async () => {
    const compatible = {
      subject,
      schema: withField({ name: 'note', type: ['null', 'string'], default: null }),
    };
    expect(await checkSubjects(registryUrl, [compatible])).toEqual([{ subject, compatible: true }]);
    const [accepted] = await registerSubjects(registryUrl, [compatible]);
    expect(accepted).toMatchObject({ ok: true, id: expect.any(Number) });
  });
});
