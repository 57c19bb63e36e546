import type { ZodError } from 'zod';
import { AppError, type FieldError } from '../errors';

// Clients know the JSON body as the body, not by Hono's name for the validation target.
const LOCATION: Record<string, string> = { json: 'body', form: 'body', param: 'path' };

export function fieldErrors(error: ZodError, location?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [...(location ? [location] : []), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/**
 * `new OpenAPIHono({ defaultHook: validationHook })`: a request that fails its schema becomes a 400
 * VALIDATION_FAILED problem listing each invalid field, like every other error.
 */
export function validationHook(
  result: { target: string } & ({ success: true } | { success: false; error: ZodError }),
): void {
  if (result.success) return;
  const location = LOCATION[result.target] ?? result.target;
  throw AppError.badRequest(
    'VALIDATION_FAILED',
    `Invalid request ${location}`,
    fieldErrors(result.error, location),
  );
}
