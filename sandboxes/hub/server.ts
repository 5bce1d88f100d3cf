import type http from 'node:http';
import { maskKey, safeDecode } from '../../core/host/guard';
import { readBody } from '../../core/host/server';
import { json, sleep, startSandboxServer, type ControlCall } from '../common/server';
import { FaultTable, parseFault, wrongShape, type Fault } from './faults';
import { renderPage } from './page';
import { DEFAULT_CAMPAIGNS, HubState, type AppliedEffect, type CampaignDef, type Customer, type PinSent } from './state';
import { checkHeaders, checkTotals, CODES, parseBody, SANDBOX_ROUTES, Violation, type SandboxRoute } from './validate';

/** A request as the sandbox RECEIVED it (tests assert on these). */
export interface ReceivedRequest {
  at: string;
  route: SandboxRoute | null;
  path: string;
  headers: { authorization?: string; cnpj?: string; tipo_ambiente?: string; produto_descricao?: string; 'content-type'?: string };
  body: unknown;
  rawBody: string;
  status: number | null;
  fault: string | null;
}

export interface HubSandboxOptions {
  port?: number;
  host?: string;
  /** The route table the sandbox serves (contract key → path name); defaults = contract names. */
  routes?: Partial<Record<SandboxRoute, string>>;
  /** When set, only these Authorization tokens are accepted. */
  tokens?: string[] | null;
  log?: (line: string) => void;
}

export interface HubControl {
  setFault(f: Fault): void;
  clearFaults(): void;
  /** Whole hub down (connections refused); `forMs` brings it back by itself. */
  setDown(down: boolean, forMs?: number): Promise<void>;
  isDown(): boolean;
  requests(route?: SandboxRoute): ReceivedRequest[];
  clearRequests(): void;
  /** Every request whose effect was APPLIED (first sight of its GUID), unbounded: the exactly-once ledger. */
  effects(route?: SandboxRoute): AppliedEffect[];
  pins(): PinSent[];
  lastPin(cpf: string): string | null;
  customer(cpf: string): Customer | null;
  setCampaigns(campaigns: CampaignDef[] | 'default' | 'empty', allowNoBonus?: boolean): void;
  setTokens(tokens: string[] | null): void;
  reset(): void;
}

export interface HubSandbox {
  url: string;
  port: number;
  control: HubControl;
  /** Console page + control API for another server (the browser host mounts it at /sandbox/hub). */
  consoleRoute: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<boolean>;
  close(): Promise<void>;
}

export { CONTROL_BASE } from '../common/server';
export const CONSOLE_BASE = '/sandbox/hub';

function readText(req: http.IncomingMessage, limit = 5 * 1024 * 1024): Promise<string> {
  return readBody(req, limit).then((b) => b.toString('utf8'));
}

/** A received request as a console shows it: the Authorization (the integration key) masked, never raw. */
function masked(r: ReceivedRequest): ReceivedRequest {
  return { ...r, headers: { ...r.headers, authorization: maskKey(r.headers.authorization) } };
}

export async function startHubSandbox(opts: HubSandboxOptions = {}): Promise<HubSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const state = new HubState();
  const faults = new FaultTable();
  let tokens = opts.tokens ?? null;
  let received: ReceivedRequest[] = [];
  const names: Record<SandboxRoute, string> = Object.fromEntries(SANDBOX_ROUTES.map((r) => [r, opts.routes?.[r] ?? r])) as Record<SandboxRoute, string>;
  const byPath = new Map(Object.entries(names).map(([k, v]) => [v, k as SandboxRoute]));

  async function handleHub(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const path = safeDecode(url.pathname.replace(/^\/+/, '')) ?? '';
    const route = byPath.get(path) ?? null;
    const raw = await readText(req);
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    const entry: ReceivedRequest = {
      at: new Date().toISOString(),
      route,
      path: url.pathname,
      headers: {
        authorization: req.headers.authorization,
        cnpj: req.headers.cnpj as string | undefined,
        tipo_ambiente: req.headers.tipo_ambiente as string | undefined,
        produto_descricao: req.headers.produto_descricao as string | undefined,
        'content-type': req.headers['content-type'],
      },
      body,
      rawBody: raw,
      status: null,
      fault: null,
    };
    received.push(entry);
    if (received.length > 1000) received = received.slice(-1000);
    const answer = (status: number, payload: unknown) => {
      entry.status = status;
      json(res, status, payload);
      log(`[hub-sandbox] ${route ?? path} → ${status}`);
    };
    if (req.method !== 'POST') return answer(405, { Codigo: 405, Mensagem: 'Use POST.' });
    if (!route) return answer(404, { Codigo: 404, Mensagem: `Rota não encontrada: ${path}` });

    const guid = typeof (body as { IdentificadorTransacao?: unknown })?.IdentificadorTransacao === 'string' ? (body as { IdentificadorTransacao: string }).IdentificadorTransacao : '';
    const fault = faults.take(route);
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === 'latency') await sleep(fault.latencyMs ?? 2000);

    const applyFault = (f: Fault): void => {
      log(`[hub-sandbox] ${route} falha injetada: ${f.kind}`);
      switch (f.kind) {
        case 'http500':
          entry.status = f.status ?? 500;
          res.writeHead(entry.status, { 'content-type': 'text/plain; charset=utf-8', ...(f.retryAfterS !== undefined ? { 'retry-after': String(f.retryAfterS) } : {}) });
          res.end('Internal Server Error');
          return;
        case 'timeout':
          return; // never answers; close()/down destroys the socket
        case 'drop':
          req.socket.destroy();
          return;
        case 'malformed':
          if (f.malformed === 'wrong-shape') return answer(200, wrongShape(route, guid));
          entry.status = 200;
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end('<html><body><h1>Erro</h1>Serviço indisponível</body></html>');
          return;
        case 'business':
          return answer(400, { IdentificadorTransacao: guid, Codigo: f.codigo ?? CODES.injected, Mensagem: f.mensagem ?? 'Operação recusada pelo parceiro (erro simulado no sandbox).' });
        case 'latency':
          return;
      }
    };
    if (fault && fault.kind !== 'latency' && !fault.afterEffect) return applyFault(fault);

    let status: number;
    let payload: unknown;
    try {
      checkHeaders(entry.headers, tokens);
      if (body === null || typeof body !== 'object') throw new Violation(CODES.json, 'Corpo não é um JSON válido.');
      const parsed = parseBody(route, body);
      const key = parsed.IdentificadorTransacao.toUpperCase();
      const previous = state.answers.get(key);
      if (previous && previous.route !== route) throw new Violation(CODES.guidOtherRoute, 'IdentificadorTransacao já utilizado em outra operação.');
      if (previous) {
        status = previous.status;
        payload = previous.body;
      } else {
        try {
          if ('Venda' in parsed) checkTotals(parsed.Venda as Parameters<typeof checkTotals>[0]);
          payload = state.handle(route, parsed);
          status = 200;
        } catch (err) {
          if (!(err instanceof Violation)) throw err;
          status = 400;
          payload = { IdentificadorTransacao: parsed.IdentificadorTransacao, Codigo: err.codigo, Mensagem: err.message };
        }
        state.answers.set(key, { route, status, body: payload });
        state.effects.push({ route, guid: key, status });
      }
    } catch (err) {
      if (!(err instanceof Violation)) throw err;
      status = 400;
      payload = { IdentificadorTransacao: guid, Codigo: err.codigo, Mensagem: err.message };
    }
    if (fault && fault.kind !== 'latency' && fault.afterEffect) return applyFault(fault);
    answer(status, payload);
  }

  const srv = await startSandboxServer({
    host,
    port: opts.port ?? 0,
    consoleBase: CONSOLE_BASE,
    api: handleHub,
    crashBody: (message) => ({ Codigo: 500, Mensagem: message }),
    page: renderPage,
    control: ownControl,
    clearFaults: () => faults.clear(),
    reset: () => control.reset(),
  });

  const control: HubControl = {
    setFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    setDown: (value, forMs) => srv.setDown(value, forMs),
    isDown: () => srv.isDown(),
    requests: (route) => received.filter((r) => !route || r.route === route),
    effects: (route) => state.effects.filter((e) => !route || e.route === route),
    clearRequests: () => {
      received = [];
    },
    pins: () => [...state.pins],
    lastPin: (cpf) => [...state.pins].reverse().find((p) => p.cpf === cpf)?.pin ?? null,
    customer: (cpf) => {
      const c = state.customers.get(cpf);
      return c ? { ...c } : null;
    },
    setCampaigns(campaigns, allowNoBonus) {
      state.campaigns = campaigns === 'default' ? DEFAULT_CAMPAIGNS.map((c) => ({ ...c })) : campaigns === 'empty' ? [] : campaigns;
      if (allowNoBonus !== undefined) state.allowNoBonus = allowNoBonus;
    },
    setTokens: (t) => {
      tokens = t;
    },
    reset() {
      state.reset();
      faults.clear();
      received = [];
    },
  };

  /** The hub's own control routes (the page, clear faults, up and reset are common). */
  function ownControl({ res, method, sub, input }: ControlCall): boolean {
    if (method === 'GET' && sub === '/state') {
      json(res, 200, {
        url: srv.url,
        down: srv.isDown(),
        routes: names,
        tokens: tokens?.map((t) => maskKey(t)) ?? null,
        customers: [...state.customers.values()],
        pins: state.pins,
        campaigns: state.campaigns,
        allowNoBonus: state.allowNoBonus,
        faults: faults.list(),
        requests: received.slice(-30).map((r) => ({ ...masked(r), rawBody: undefined })),
      });
    } else if (method === 'GET' && sub === '/requests') json(res, 200, received.map(masked));
    else if (method === 'GET' && sub === '/effects') json(res, 200, state.effects);
    else if (method === 'GET' && sub === '/pins') json(res, 200, state.pins);
    else if (method === 'POST' && sub === '/faults') {
      const f = parseFault(input, SANDBOX_ROUTES);
      if ('down' in f) {
        srv.downAfter(res, f.forMs);
        json(res, 200, { ok: true, faults: faults.list(), down: true });
      } else {
        faults.add(f);
        json(res, 200, { ok: true, faults: faults.list(), down: srv.isDown() });
      }
    } else if (method === 'POST' && sub === '/campaigns') {
      control.setCampaigns(input.campaigns ?? 'default', input.allowNoBonus ?? input.habilitaBotaoNaoBonificar);
      json(res, 200, { ok: true, campaigns: state.campaigns, allowNoBonus: state.allowNoBonus });
    } else if (method === 'POST' && sub === '/tokens') {
      control.setTokens(Array.isArray(input.tokens) ? input.tokens : null);
      json(res, 200, { ok: true });
    } else return false;
    return true;
  }

  return {
    url: srv.url,
    port: srv.port,
    control,
    consoleRoute: srv.consoleRoute,
    close: srv.close,
  };
}
