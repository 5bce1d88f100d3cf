import { randomUUID } from 'node:crypto';
import type { LoyaltyCustomerInput } from '../../../shared/api/loyalty';
import type { Sale } from '../../../shared/api/sales';
import { AppError } from '../../kernel/errors';
import {
  buildCadastrarCliente,
  buildConsultarCampanha,
  buildConsultarSaldo,
  buildEnviarPin,
  buildEstornarVenda,
  buildGerarBonus,
  buildResgatarSaldo,
  buildValidarPin,
  type BonusContext,
  type CampaignContext,
  type EnviarPinInput,
  type ReversalInput,
  type SaleContext,
} from './builders';
import { HubBusinessError, HubCommunicationError, HubError, HubOutOfStandardError } from './errors';
import { MAPPERS, type HubResult } from './mappers';
import { HubOperationsRepo, type OperationStatus } from './operations';
import { redact, type Secrets } from '../../kernel/redact';
import { isRedacted, storedRequest } from './stored-request';
import type { HubRoute } from './routes';
import { describeIssues, RESPONSE_SCHEMAS, type HubResponse } from './schemas';
import { axiosExchange, type HttpExchange } from '../../net/exchange';
import { createHttp, postHub, type HubConnection } from './transport';

export interface CallOptions {
  /**
   * "The same operation" for retries (e.g. `${sale.id}:ResgatarSaldo`): calling
   * again with the same key and the same body reuses the GUID; once it
   * succeeded, the stored answer is returned without calling the partner.
   */
  opKey?: string;
}

export interface HubClientDeps {
  ops: HubOperationsRepo;
  /** Resolved at each call from the saved settings; throws HubNotConfiguredError when off/incomplete. */
  connection: (route: HubRoute) => HubConnection;
  log: (line: string) => void;
  /** How requests leave (compose: the partner-HTTP thread); default: axios in this thread. */
  exchange?: HttpExchange;
  newGuid?: () => string;
  clock?: () => number;
  /** Connectivity hooks (the outbox badge and its wake-up): the partner answered / could not be reached. */
  onReachable?: () => void;
  onUnreachable?: (message: string) => void;
}

type Body = Record<string, unknown>;

function statusOf(err: unknown): Exclude<OperationStatus, 'pending' | 'succeeded'> {
  if (err instanceof HubBusinessError) return 'business_error';
  if (err instanceof HubOutOfStandardError) return 'out_of_standard';
  return 'communication_error';
}

/** Body as stored (no PIN, no personal data) without its GUID: what "the same operation" compares. */
function fingerprint(route: HubRoute, body: Body): string {
  const { IdentificadorTransacao: _g, ...rest } = storedRequest(route, body);
  return JSON.stringify(rest);
}

/** An operation's key, required by the routes that move money or points (see `effect`). */
export interface EffectOptions extends CallOptions {
  opKey: string;
}

function requireOp(route: HubRoute, opts: EffectOptions | undefined): EffectOptions {
  if (!opts || typeof opts.opKey !== 'string' || !opts.opKey.trim()) {
    throw new AppError('hub.operationRequired', `Operação ${route} sem identificação: envie pela fila de operações (outbox).`);
  }
  return opts;
}

/**
 * The Hub Fidelidade client: one function per route, taking our domain types
 * and returning cents. Every operation gets a GUID (uppercase) stored in
 * `hub_operations` before the first network call; retries reuse it.
 */
export class HubClient {
  private readonly exchange: HttpExchange;
  private readonly newGuid: () => string;
  private readonly clock: () => number;
  /** PINs of this session's ValidarPin operations (memory only, never stored): tells a retry from a new PIN. */
  private readonly pins = new Map<string, string>();
  /** Full bodies of this session's operations carrying personal data (memory only; the stored copy is redacted). */
  private readonly personal = new Map<string, Body>();

  constructor(private readonly deps: HubClientDeps) {
    this.exchange = deps.exchange ?? axiosExchange(createHttp());
    this.newGuid = deps.newGuid ?? (() => randomUUID().toUpperCase());
    this.clock = deps.clock ?? (() => performance.now());
  }

  cadastrarCliente(customer: LoyaltyCustomerInput, opts?: CallOptions) {
    return this.execute('CadastrarCliente', (g) => buildCadastrarCliente(g, customer), { cpf: customer.cpf }, opts);
  }

  consultarSaldo(sale: Sale, ctx: SaleContext, opts?: CallOptions) {
    return this.execute('ConsultarSaldo', (g) => buildConsultarSaldo(g, sale, ctx), { cpf: ctx.cpf }, opts);
  }

  enviarPin(input: EnviarPinInput, opts?: CallOptions) {
    return this.execute('EnviarPin', (g) => buildEnviarPin(g, input), { cpf: input.cpf }, opts);
  }

  validarPin(input: { cpf: string; pin: string }, opts?: CallOptions) {
    return this.execute('ValidarPin', (g) => buildValidarPin(g, input), { cpf: input.cpf, pin: input.pin }, opts);
  }

  consultarCampanha(sale: Sale, ctx: CampaignContext, opts?: CallOptions) {
    return this.execute('ConsultarCampanha', (g) => buildConsultarCampanha(g, sale, ctx), { cpf: ctx.cpf }, opts);
  }

  /*
   * The routes with an effect at the partner (redeem, bonus, reversal) are never sent without an
   * operation: `opKey` is required (a retry with the same key reuses the GUID stored before the first
   * call), and the sale flows send them through the outbox (`enqueueHub` + `deliver`), whose GUID is
   * fixed when the operation is created. A call without one is refused before anything leaves.
   */
  async resgatarSaldo(sale: Sale, ctx: { cpf: string }, opts: EffectOptions) {
    return this.execute('ResgatarSaldo', (g) => buildResgatarSaldo(g, sale, ctx), { cpf: ctx.cpf }, requireOp('ResgatarSaldo', opts));
  }

  async gerarBonus(sale: Sale, ctx: BonusContext, opts: EffectOptions) {
    return this.execute('GerarBonus', (g) => buildGerarBonus(g, sale, ctx), { cpf: ctx.cpf }, requireOp('GerarBonus', opts));
  }

  async estornarVenda(input: ReversalInput, opts: EffectOptions) {
    return this.execute('EstornarVenda', (g) => buildEstornarVenda(g, input), { cpf: input.cpf }, requireOp('EstornarVenda', opts));
  }

  /**
   * "Tentar Novamente" for a stored operation: re-sends its request with the
   * SAME GUID. ValidarPin needs the PIN again (a PIN is never stored).
   */
  async retry(guid: string, secrets: { pin?: string } = {}): Promise<HubResult<HubRoute>> {
    const op = this.deps.ops.get(guid);
    if (!op) throw new AppError('hub.operationNotFound', 'Operação do Hub Fidelidade não encontrada.');
    if (op.status === 'succeeded' && op.responseJson) return this.stored(op.route, op.guid, op.responseJson);
    let body = JSON.parse(op.requestJson) as Body;
    if (isRedacted(body)) {
      // Personal data is not kept at rest: only this session (memory) can resend it as it was.
      const full = this.personal.get(guid);
      if (!full) throw new AppError('hub.retryNeedsData', 'Os dados pessoais do cliente não ficam guardados: preencha o cadastro novamente para repetir.');
      body = { ...full };
    }
    if (op.route === 'ValidarPin') {
      const pin = secrets.pin ?? this.pins.get(guid);
      if (!pin) throw new AppError('hub.retryNeedsPin', 'Digite o PIN novamente para repetir a validação.');
      body.Pin = pin;
      secrets = { pin };
    }
    const cpf = (body.Cpf ?? body.CPF ?? (body.Venda as Body | undefined)?.Cpf) as string | undefined;
    return this.send(op.route, guid, body, { cpf, pin: secrets.pin });
  }

  /**
   * Outbox delivery: sends a body built when the operation was CREATED (its
   * GUID inside, fixed then) with that same GUID, on every attempt. Logged in
   * hub_operations like any call; a succeeded GUID is not sent again.
   */
  async deliver<R extends HubRoute>(route: R, guid: string, body: Body, opts: { journal?: boolean } = {}): Promise<HubResult<R>> {
    if (body.IdentificadorTransacao !== guid) throw new AppError('hub.guidMismatch', 'Operação do Hub com identificador divergente.');
    const cpf = (body.Cpf ?? body.CPF ?? (body.Venda as Body | undefined)?.Cpf) as string | undefined;
    // The outbox row is already the journal of a queued operation (request, attempts, answer): it may skip hub_operations.
    if (opts.journal === false) return this.send(route, guid, body, { cpf }, false);
    const prev = this.deps.ops.get(guid);
    if (prev?.status === 'succeeded' && prev.responseJson) return this.stored(route, guid, prev.responseJson);
    if (!prev) this.deps.ops.create({ guid, route, opKey: `outbox:${guid}`, requestJson: JSON.stringify(storedRequest(route, body)) });
    return this.send(route, guid, body, { cpf });
  }

  private stored<R extends HubRoute>(route: R, guid: string, responseJson: string): HubResult<R> {
    // Answers stored by an older version may lack the echoed GUID (not required then): it is this row's.
    const parsed = RESPONSE_SCHEMAS[route].safeParse({ IdentificadorTransacao: guid, ...(JSON.parse(responseJson) as Body) });
    if (!parsed.success) throw new HubOutOfStandardError(describeIssues(parsed.error), { route, guid });
    const value = parsed.data as HubResponse<R>;
    return (MAPPERS[route] as unknown as (r: HubResponse<R>, g: string) => HubResult<R>)(value, guid);
  }

  private async execute<R extends HubRoute>(route: R, build: (guid: string) => Body, secrets: Secrets, opts: CallOptions = {}): Promise<HubResult<R>> {
    // Settings first: with the hub off or incomplete nothing is stored and nothing leaves.
    this.deps.connection(route);
    let guid: string | null = null;
    let body: Body | null = null;
    if (opts.opKey) {
      const prev = this.deps.ops.latestByKey(opts.opKey, route);
      if (prev && prev.status !== 'business_error') {
        const candidate = build(prev.guid);
        const samePin = route !== 'ValidarPin' || this.pins.get(prev.guid) === candidate.Pin;
        if (samePin && fingerprint(route, candidate) === fingerprint(route, JSON.parse(prev.requestJson) as Body)) {
          if (prev.status === 'succeeded' && prev.responseJson) return this.stored(route, prev.guid, prev.responseJson);
          guid = prev.guid;
          body = candidate;
        }
      }
    }
    if (!guid || !body) {
      guid = this.newGuid();
      body = build(guid); // builder validation (CPF, PIN, totals) fails before anything is stored
      this.deps.ops.create({ guid, route, opKey: opts.opKey ?? null, requestJson: JSON.stringify(storedRequest(route, body)) });
      if (typeof body.Pin === 'string') this.pins.set(guid, body.Pin);
      if (isRedacted(storedRequest(route, body))) this.personal.set(guid, body);
    }
    return this.send(route, guid, body, secrets);
  }

  private async send<R extends HubRoute>(route: R, guid: string, body: Body, secrets: Secrets, journal = true): Promise<HubResult<R>> {
    const conn = this.deps.connection(route);
    const all: Secrets = { ...secrets, token: conn.token };
    if (journal) this.deps.ops.startAttempt(guid);
    const started = this.clock();
    let httpStatus: number | null = null;
    const elapsed = () => Math.round(this.clock() - started);
    try {
      const res = await postHub(this.exchange, conn, route, guid, body, (s) => (httpStatus = s));
      const durationMs = elapsed();
      if (journal) this.deps.ops.finish(guid, { status: 'succeeded', responseJson: res.rawBody, httpStatus, durationMs });
      this.logCall(route, guid, httpStatus, durationMs, 'ok', all);
      this.deps.onReachable?.();
      return (MAPPERS[route] as unknown as (r: HubResponse<R>, g: string) => HubResult<R>)(res.value, guid);
    } catch (err) {
      const durationMs = elapsed();
      const hubErr =
        err instanceof HubError
          ? err
          : new HubCommunicationError('network', `Falha inesperada ao falar com o parceiro (${route}).`, { route, guid });
      if (journal) this.deps.ops.finish(guid, {
        status: statusOf(hubErr),
        errorCode: hubErr.code,
        errorMessage: redact(hubErr.message, all),
        httpStatus,
        durationMs,
      });
      const detail = hubErr instanceof HubCommunicationError ? `${hubErr.kind}:${hubErr.reason}` : hubErr.kind;
      this.logCall(route, guid, httpStatus, durationMs, `${detail} ${hubErr.message}`, all);
      if (hubErr instanceof HubCommunicationError) this.deps.onUnreachable?.(hubErr.message);
      else this.deps.onReachable?.(); // a 400 or an odd body is still an answer
      throw hubErr;
    }
  }

  private logCall(route: HubRoute, guid: string, status: number | null, ms: number, outcome: string, secrets: Secrets): void {
    this.deps.log(redact(`[hub] ${route} guid=${guid} http=${status ?? '-'} ${ms}ms ${outcome}`, secrets));
  }
}
