import { SERVER_OWNED_MESSAGE, type ServerOwned } from '../../shared/api/retaguarda';
import type { PrinterSettings } from '../../shared/api/printing';
import { onlyDigits } from '../../shared/cpf';
import type { Handlers } from '../kernel/handlers';
import { AppError } from '../kernel/errors';

export class ServerOwnedError extends AppError {
  constructor(readonly owned: ServerOwned) {
    super('retaguarda.serverOwned', SERVER_OWNED_MESSAGE[owned], { owned });
  }
}

export interface OwnershipDeps {
  /** The till is paired with a Retaguarda (env or Configurações). */
  paired: () => boolean;
  /** The values in force, so a screen saving its whole form (local fields changed, the store's unchanged) passes. */
  current: {
    discountLimitPercent: () => number;
    toleranceCents: () => number;
    paymentForms: () => number[];
    printer: () => PrinterSettings;
  };
}

const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every((x) => b.includes(x));
const HEADER = ['storeName', 'storeCnpj', 'storeAddress'] as const;

/**
 * A paired till refuses local edits of what the store server owns (issue 23), in the core, for every transport:
 * the catalog import, users (create, role, PIN reset, active), and the store settings the pull writes (payment
 * forms, discount limit, closing tolerance, receipt header). Saving a form whose store-owned part is unchanged
 * still works, so the till's own settings (printer, auto-lock, payment API credentials, scale…) stay editable.
 * The refusal says where to change it (SERVER_OWNED_MESSAGE, the same text the screens show).
 */
export function refuseServerOwned(handlers: Handlers, d: OwnershipDeps): Handlers {
  const guard = <M extends keyof Handlers>(method: M, owned: (input: Parameters<Handlers[M]>[0]) => ServerOwned | null): void => {
    const inner = handlers[method] as (input: unknown, ctx: unknown) => unknown;
    handlers[method] = ((input: Parameters<Handlers[M]>[0], ctx: unknown) => {
      const what = d.paired() ? owned(input) : null;
      if (what) throw new ServerOwnedError(what);
      return inner(input, ctx);
    }) as unknown as Handlers[M];
  };
  guard('catalog.import', () => 'catalog');
  guard('catalog.importUpload', () => 'catalog');
  for (const m of ['users.create', 'users.setRole', 'users.resetPin', 'users.setActive'] as const) guard(m, () => 'users');
  guard('users.saveSettings', (s) => (s.discountLimitPercent !== d.current.discountLimitPercent() ? 'discountLimit' : null));
  guard('shifts.setTolerance', (s) => (s.toleranceCents !== d.current.toleranceCents() ? 'tolerance' : null));
  guard('payments.settings.save', (s) => (sameSet(s.forms, d.current.paymentForms()) ? null : 'paymentForms'));
  guard('printing.saveSettings', (s) => {
    const now = d.current.printer();
    // The CNPJ by its digits: the screen shows and saves it formatted (54.517.628/0001-93).
    const norm = (k: (typeof HEADER)[number], v: string) => (k === 'storeCnpj' ? onlyDigits(v) : v.trim());
    return HEADER.some((k) => norm(k, s[k]) !== norm(k, now[k])) ? 'receiptHeader' : null;
  });
  return handlers;
}
