import type { AxiosInstance } from 'axios';
import type { HubEnvironment } from '../../../shared/api/loyalty';
import { HubBusinessError, HubCommunicationError, HubOutOfStandardError } from './errors';
import { ExchangeError, type HttpExchange, type PostAnswer } from '../../net/exchange';
import { loadAxios } from '../../net/lazy-axios';
import { bodyTooLarge, MAX_PARTNER_BODY_BYTES, redirectMessage } from '../../net/partner';
import { type HubRoute, type RouteTable, routeUrl } from './routes';
import { BusinessErrorBody, describeIssues, RESPONSE_SCHEMAS, type HubResponse } from './schemas';

/** Everything a call needs to reach the partner (resolved from the saved settings at each call). */
export interface HubConnection {
  baseUrl: string;
  token: string;
  /** 14 digits. */
  cnpj: string;
  environment: HubEnvironment;
  productDescription: string;
  timeoutMs: number;
  routes: RouteTable;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export function createHttp(): AxiosInstance {
  return loadAxios().create({
    // Raw text: we parse and validate ourselves, so a malformed body is an error we name, not a crash.
    responseType: 'text',
    transformResponse: [(d: unknown) => d],
    validateStatus: () => true,
    maxRedirects: 0,
    proxy: false,
    // A partner's answer is capped (1 MB): a bigger one is out of standard, never buffered whole.
    maxContentLength: MAX_PARTNER_BODY_BYTES,
    maxBodyLength: MAX_PARTNER_BODY_BYTES,
  });
}

export interface CallResult<R extends HubRoute> {
  value: HubResponse<R>;
  rawBody: string;
  httpStatus: number;
}

export interface CallFailure {
  httpStatus: number | null;
}

/** The headers of every call (contract "Transport"). */
export function hubHeaders(conn: HubConnection): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    accept: 'application/json',
    Authorization: conn.token,
    cnpj: conn.cnpj,
    tipo_ambiente: String(conn.environment),
    produto_descricao: conn.productDescription,
  };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toLocaleString('pt-BR', { maximumFractionDigits: 1 })} s`;
}

/**
 * Turns a transport failure (no HTTP answer) into a communication error with a pt-BR message naming what happened.
 * Every exchange reports the system's code (ECONNREFUSED, ECONNRESET, ETIMEDOUT…) as `ExchangeError.code`.
 */
export function communicationFailure(err: unknown, route: HubRoute, guid: string, conn: HubConnection): HubCommunicationError {
  const ctx = { route, guid };
  const code = (err as { code?: string } | null)?.code;
  const aborted = err instanceof ExchangeError && err.aborted;
  if (aborted || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new HubCommunicationError('timeout', `O Hub Fidelidade não respondeu em ${seconds(conn.timeoutMs)} (tempo esgotado).`, ctx);
  }
  if (code === 'ECONNREFUSED') {
    // People read these (the cashier, the sync screen): no address, port or system code (they go to the log).
    return new HubCommunicationError('refused', 'Não foi possível conectar ao Hub Fidelidade (conexão recusada): o serviço parece fora do ar.', ctx);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test((err as Error)?.message ?? '')) {
    return new HubCommunicationError('reset', 'A conexão com o Hub Fidelidade caiu antes da resposta.', ctx);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new HubCommunicationError('dns', 'Endereço do Hub Fidelidade não encontrado: verifique a internet e o endereço nas configurações.', ctx);
  }
  return new HubCommunicationError('network', 'Falha de comunicação com o Hub Fidelidade (erro de rede).', ctx);
}

/** `Retry-After` as seconds or an HTTP date → ms from `nowMs` (null when absent or unreadable; capped at 1 h). */
export function parseRetryAfter(value: unknown, nowMs = Date.now()): number | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const v = value.trim();
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v) - nowMs;
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(0, Math.round(ms)), 3_600_000);
}

/** Classifies an HTTP answer: 2xx validated against the route's schema, 400 business, anything else communication. */
export function interpretResponse<R extends HubRoute>(route: R, guid: string, status: number, text: string, retryAfter?: unknown, redirect?: { location?: string; base: string }): CallResult<R> {
  const ctx = { route, guid };
  if (status >= 300 && status < 400) {
    throw new HubCommunicationError('http', redirectMessage('O parceiro', status, redirect?.location, redirect?.base ?? 'http://invalido/'), ctx, status);
  }
  const parseJson = (): { ok: true; value: unknown } | { ok: false } => {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false };
    }
  };
  if (bodyTooLarge(text)) throw new HubOutOfStandardError(['corpo: maior que 1 MB'], ctx);
  if (status >= 200 && status < 300) {
    const json = parseJson();
    if (!json.ok) throw new HubOutOfStandardError(['corpo: não é JSON'], ctx);
    const parsed = RESPONSE_SCHEMAS[route].safeParse(json.value);
    if (!parsed.success) throw new HubOutOfStandardError(describeIssues(parsed.error), ctx);
    const echoed = (parsed.data as { IdentificadorTransacao?: string | null }).IdentificadorTransacao;
    if (!echoed || echoed.toLowerCase() !== guid.toLowerCase()) {
      throw new HubOutOfStandardError(['IdentificadorTransacao: diferente do enviado'], ctx);
    }
    return { value: parsed.data as HubResponse<R>, rawBody: text, httpStatus: status };
  }
  if (status === 400) {
    const json = parseJson();
    const parsed = json.ok ? BusinessErrorBody.safeParse(json.value) : null;
    if (!parsed?.success) throw new HubOutOfStandardError(['erro 400 sem Codigo/Mensagem'], ctx);
    throw new HubBusinessError(parsed.data.Codigo, parsed.data.Mensagem, ctx);
  }
  const wait = parseRetryAfter(retryAfter);
  if (status === 503 && wait !== null) {
    throw new HubCommunicationError('server', `O parceiro está indisponível (HTTP 503) na operação ${route}; pediu nova tentativa em ${seconds(wait)}.`, ctx, status, wait);
  }
  if (status >= 500) {
    throw new HubCommunicationError('server', `O parceiro está com erro interno (HTTP ${status}) na operação ${route}. Tente novamente em instantes.`, ctx, status, wait);
  }
  if (status === 429) {
    throw new HubCommunicationError(
      'http',
      `O parceiro pediu para reduzir o ritmo (HTTP 429) na operação ${route}${wait !== null ? `; nova tentativa em ${seconds(wait)}` : ''}.`,
      ctx,
      status,
      wait,
    );
  }
  if (status === 401 || status === 403) {
    throw new HubCommunicationError('http', `O parceiro recusou a Chave de Integração (HTTP ${status}): confira as configurações do Hub Fidelidade.`, ctx, status);
  }
  if (status === 404) {
    throw new HubCommunicationError('http', `A rota ${route} não foi encontrada no parceiro (HTTP 404): confira o endereço e os nomes das rotas.`, ctx, status);
  }
  throw new HubCommunicationError('http', `Resposta inesperada do parceiro (HTTP ${status}) na operação ${route}.`, ctx, status);
}

/** One POST to the partner; resolves with the validated body or throws a HubError. */
export async function postHub<R extends HubRoute>(
  exchange: HttpExchange,
  conn: HubConnection,
  route: R,
  guid: string,
  body: unknown,
  onStatus: (status: number | null) => void,
): Promise<CallResult<R>> {
  let answer: PostAnswer;
  const url = routeUrl(conn.baseUrl, conn.routes, route);
  try {
    answer = await exchange.post({
      url,
      headers: hubHeaders(conn),
      body: JSON.stringify(body),
      timeoutMs: conn.timeoutMs,
      maxBytes: MAX_PARTNER_BODY_BYTES,
    });
  } catch (err) {
    if (err instanceof ExchangeError && err.tooLarge) {
      onStatus(err.status);
      throw new HubOutOfStandardError(['corpo: maior que 1 MB'], { route, guid });
    }
    onStatus(null);
    throw communicationFailure(err, route, guid, conn);
  }
  onStatus(answer.status);
  return interpretResponse(route, guid, answer.status, answer.text, answer.retryAfter, { location: answer.location, base: url });
}
