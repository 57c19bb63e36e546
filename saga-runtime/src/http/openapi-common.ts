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

/** The problem+json responses a route documents, so clients see every status it can answer. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    [...new Set([...statuses, 500])].map((status) => [
      status,
      {
        description: descriptions[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
      },
    ]),
  );
}

export const UuidParam = <N extends string>(name: N) =>
  z.object({
    [name]: z.uuid({ error: `${name} must be a UUID` }).openapi({ param: { name, in: 'path' } }),
  } as Record<N, z.ZodUUID>);
