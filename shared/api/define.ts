import { z } from 'zod';

/** One API method: a schema for what goes in and for what comes back. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

/**
 * Errors cross every boundary (IPC, HTTP, tests) as values, never as thrown
 * exceptions whose class is lost on the way. `message` is pt-BR, for people.
 */
export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const Empty = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });
