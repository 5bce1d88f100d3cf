import { AppError } from '../../kernel/errors';
import type { HubRoute } from './routes';

/** What the screen offers after a failure the cashier can retry. */
export const RETRY_ACTIONS = ['Fechar', 'Tentar Novamente'] as const;

export type HubErrorKind = 'business' | 'communication' | 'outOfStandard' | 'notConfigured';

interface HubErrorContext {
  route: HubRoute;
  guid: string | null;
}

/** Base of every hub failure: an AppError (pt-BR message, stable code) that knows its route and GUID. */
export abstract class HubError extends AppError {
  abstract readonly kind: HubErrorKind;
  readonly route: HubRoute;
  readonly guid: string | null;

  constructor(code: string, message: string, ctx: HubErrorContext, extra: Record<string, unknown> = {}) {
    super(code, message, { route: ctx.route, guid: ctx.guid, ...extra });
    this.route = ctx.route;
    this.guid = ctx.guid;
  }
}

/** HTTP 400 `{IdentificadorTransacao, Codigo, Mensagem}`: the partner refused; show `Mensagem`. */
export class HubBusinessError extends HubError {
  readonly kind = 'business' as const;
  constructor(
    readonly hubCode: number | string,
    readonly hubMessage: string,
    ctx: HubErrorContext,
  ) {
    super('hub.business', hubMessage, ctx, { kind: 'business', hubCode });
    this.name = 'HubBusinessError';
  }
}

export type CommunicationReason = 'timeout' | 'refused' | 'reset' | 'server' | 'http' | 'dns' | 'network';

/** Timeout, refused or dropped connection, 5xx or another unexpected status: "Fechar" / "Tentar Novamente". */
export class HubCommunicationError extends HubError {
  readonly kind = 'communication' as const;
  constructor(
    readonly reason: CommunicationReason,
    message: string,
    ctx: HubErrorContext,
    readonly httpStatus: number | null = null,
    /** The partner's Retry-After (429/503), in ms: the outbox waits at least this long. */
    readonly retryAfterMs: number | null = null,
  ) {
    super('hub.communication', message, ctx, { kind: 'communication', reason, httpStatus, actions: RETRY_ACTIONS });
    this.name = 'HubCommunicationError';
  }
}

export const OUT_OF_STANDARD_MESSAGE = 'O parceiro retornou dados fora do padrão da API';

/** A 2xx (or 400) whose body does not match the contract: never a crash, never a silent 0. */
export class HubOutOfStandardError extends HubError {
  readonly kind = 'outOfStandard' as const;
  constructor(
    readonly problems: string[],
    ctx: HubErrorContext,
  ) {
    super('hub.outOfStandard', `${OUT_OF_STANDARD_MESSAGE}${problems.length ? ` (${ctx.route}: ${problems.slice(0, 3).join('; ')})` : ''}.`, ctx, {
      kind: 'outOfStandard',
      problems,
    });
    this.name = 'HubOutOfStandardError';
  }
}

/** Settings missing or off: no call was made and nothing was stored. */
export class HubNotConfiguredError extends HubError {
  readonly kind = 'notConfigured' as const;
  constructor(message: string, route: HubRoute) {
    super('hub.notConfigured', message, { route, guid: null }, { kind: 'notConfigured' });
    this.name = 'HubNotConfiguredError';
  }
}

export function isRetryable(err: unknown): boolean {
  return err instanceof HubCommunicationError || err instanceof HubOutOfStandardError;
}
