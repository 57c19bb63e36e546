import { describe, expect, it } from 'vitest';
import { PlainText } from './openapi-common';

describe('PlainText', () => {
  const text = PlainText(1, 64);

  it.each(['alice', 'Zoë Müller-Łukasiewicz', '顧客 42', 'coffee ☕ 😀'])(
    'accepts what a person could type: %s',
    (value) => {
      expect(text.safeParse(value).success).toBe(true);
    },
  );

  it.each([
    ['a NUL byte', 'ali\u0000ce'],
    ['a newline', 'ali\nce'],
    ['DEL', 'ali\u007fce'],
    ['a C1 control character', 'ali\u0085ce'],
    ['a lone high surrogate', 'ali\ud800ce'],
    ['a lone low surrogate', '\udc00alice'],
    ['surrogates in the wrong order', '\udc00\ud800'],
  ])('refuses %s, which Postgres or UTF-8 cannot carry', (_, value) => {
    expect(text.safeParse(value).success).toBe(false);
  });
});
