import { z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE } from './problem';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'Stable reason code, e.g. ORDER_NOT_FOUND' }),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const descriptions: Record<number, string> = {
  400: 'Malformed or invalid request',
  401: 'Missing admin token',
  403: 'Wrong admin token',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'Well-formed but cannot be processed',
  500: 'Unexpected server error',
  503: 'A dependency is unavailable; retry later',
};

/**
 * The problem+json responses a route documents, so clients see every status it can answer. Any route
 * can fail (500), and any can find a dependency down (503): a transient error becomes a 503.
 */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    [...new Set([...statuses, 500, 503])].map((status) => [
      status,
      {
        description: descriptions[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
      },
    ]),
  );
}

// Postgres text refuses NUL, and a lone surrogate has no UTF-8 form (it would be stored as U+FFFD):
// such input must be a 400, not a failed insert. No id or name needs other control characters either.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const noControlCharacters = /^[^\u0000-\u001f\u007f-\u009f]*$/;
// A refinement rather than part of the pattern: schemathesis (and other generators) drop any pattern
// that names surrogates, and then generate no valid strings at all.
const loneSurrogate = /\p{Surrogate}/u;

/** A string of `min` to `max` characters a person could type. */
export const PlainText = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(noControlCharacters, { error: 'must not contain control characters' })
    .refine((text) => !loneSurrogate.test(text), { error: 'must not contain unpaired surrogates' });

export const UuidParam = <N extends string>(name: N) =>
  z.object({
    [name]: z.uuid({ error: `${name} must be a UUID` }).openapi({ param: { name, in: 'path' } }),
  } as Record<N, z.ZodUUID>);
