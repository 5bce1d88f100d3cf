import { z } from 'zod';
import type { Access } from './access';

/** One API method: a schema for what goes in, for what comes back, and who may call it. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
}

/** `access` is required: a method without a declaration does not compile (see shared/api/access.ts). */
export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access): MethodSpec<I, O> {
  return { input, output, access };
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

/** Money amounts typed by a person (cents, 0..R$ 100 milhões). */
export const Cents = z.number().int().min(0).max(100_000_000_00);
/** An ISO instant as the screen sends it. */
export const Iso = z.string().min(10).max(40);
