import { z } from 'zod';
import { api, isMethodName, type Result } from '../../shared/api';
import { AppError } from '../kernel/errors';
import type { CallContext, Dispatch, HandlerGroup, Handlers } from '../kernel/handlers';
import type { AccessControl } from '../users/access';

export type { Dispatch, Handler, HandlerGroup, Handlers } from '../kernel/handlers';

// Validation messages the cashier may read come in Portuguese.
z.config(z.locales.pt());

/** Merges each capability's handlers, refusing a name served twice, and checks that every method is served. */
export function combineHandlers(...groups: HandlerGroup[]): Handlers {
  const all: Record<string, unknown> = {};
  for (const g of groups) {
    for (const [name, fn] of Object.entries(g)) {
      if (name in all) throw new Error(`método registrado duas vezes: ${name}`);
      all[name] = fn;
    }
  }
  const missing = Object.keys(api).filter((m) => !(m in all));
  if (missing.length) throw new Error(`métodos sem implementação: ${missing.join(', ')}`);
  return all as Handlers;
}

export interface DispatchOptions {
  /** Who may call what: every method's declaration (shared/api, `access`) enforced before its handler. */
  access: Pick<AccessControl, 'admit' | 'run'>;
  /** Where unexpected failures are written (never shown raw to the cashier). */
  logError?: (method: string, err: unknown) => void;
}

function failure(err: unknown, method: string, opts: DispatchOptions): Result<unknown> {
  if (err instanceof AppError) return { ok: false, error: err.toApiError() };
  opts.logError?.(method, err);
  return { ok: false, error: { code: 'internal', message: `Erro interno em ${method}: ${err instanceof Error ? err.message : String(err)}` } };
}

/**
 * The one entry to the core for every transport: checks who is calling against
 * the method's declared access (before even reading the input), validates the
 * input with the contract's schema, runs the handler, and returns a Result value.
 */
export function createDispatcher(handlers: Handlers, opts: DispatchOptions): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) return { ok: false, error: { code: 'api.unknownMethod', message: `Operação desconhecida: ${method}` } };
    const spec = api[method];
    let auth: ReturnType<AccessControl['admit']>;
    try {
      auth = opts.access.admit(spec.access);
    } catch (err) {
      return failure(err, method, opts);
    }
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'api.invalidInput',
          message: 'Dados inválidos: ' + parsed.error.issues.map((i) => `${i.path.join('.') || 'entrada'}: ${i.message}`).join('; '),
        },
      };
    }
    try {
      const handler = handlers[method] as (i: unknown, ctx: CallContext) => unknown;
      const value = await opts.access.run(method, spec.access, parsed.data as Record<string, unknown>, auth, handler);
      return { ok: true, value };
    } catch (err) {
      return failure(err, method, opts);
    }
  };
}
