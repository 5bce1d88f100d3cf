import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultTable, parseFault, wrongShape, type Fault } from './faults';
import { renderPage } from './page';
import { DEFAULT_CAMPAIGNS, HubState, type AppliedEffect, type CampaignDef, type Customer, type PinSent } from './state';
import { checkHeaders, checkTotals, CODES, parseBody, SANDBOX_ROUTES, Violation, type SandboxRoute } from './validate';
import { randomBytes } from 'node:crypto';
import { checkSite, maskKey, safeDecode, sendRefusal, setSecurityHeaders } from '../../core/host/guard';
import { readBody } from '../../core/host/server';

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

export const CONTROL_BASE = '/__control';
export const CONSOLE_BASE = '/sandbox/hub';

function readText(req: http.IncomingMessage, limit = 5 * 1024 * 1024): Promise<string> {
  return readBody(req, limit).then((b) => b.toString('utf8'));
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** A received request as a console shows it: the Authorization (the integration key) masked, never raw. */
function masked(r: ReceivedRequest): ReceivedRequest {
  return { ...r, headers: { ...r.headers, authorization: maskKey(r.headers.authorization) } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startHubSandbox(opts: HubSandboxOptions = {}): Promise<HubSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const state = new HubState();
  const faults = new FaultTable();
  let tokens = opts.tokens ?? null;
  let received: ReceivedRequest[] = [];
  let down = false;
  let upTimer: NodeJS.Timeout | null = null;
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

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isControl = url.pathname === CONTROL_BASE || url.pathname.startsWith(CONTROL_BASE + '/');
    if (isControl) {
      // The control port answers only its own loopback names and origin (no rebinding, no cross-site POST).
      setSecurityHeaders(res);
      const refused = checkSite(req, port);
      if (refused) return sendRefusal(res, refused);
    }
    const work = isControl ? handleControl(req, res, url, CONTROL_BASE) : handleHub(req, res, url);
    work.catch((err) => {
      if (!res.headersSent) json(res, 500, { Codigo: 500, Mensagem: `erro no sandbox: ${(err as Error).message}` });
    });
  });

  let port = opts.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen();
  port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;

  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const control: HubControl = {
    setFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    async setDown(value, forMs) {
      if (upTimer) clearTimeout(upTimer);
      upTimer = null;
      if (value && !down) {
        down = true;
        await stopListening();
        if (forMs) upTimer = setTimeout(() => void control.setDown(false), forMs);
      } else if (!value && down) {
        down = false;
        await listen();
      }
    },
    isDown: () => down,
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

  async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, u: URL, base: string): Promise<void> {
    const sub = u.pathname.slice(base.length).replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const input = method === 'POST' ? await readText(req).then((t) => (t ? JSON.parse(t) : {})) : {};
    try {
      if (method === 'GET' && sub === '/') {
        const nonce = randomBytes(16).toString('base64');
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        });
        res.end(renderPage(base, url, nonce));
        return;
      }
      if (method === 'GET' && sub === '/state') {
        return json(res, 200, {
          url,
          down,
          routes: names,
          tokens: tokens?.map((t) => maskKey(t)) ?? null,
          customers: [...state.customers.values()],
          pins: state.pins,
          campaigns: state.campaigns,
          allowNoBonus: state.allowNoBonus,
          faults: faults.list(),
          requests: received.slice(-30).map((r) => ({ ...masked(r), rawBody: undefined })),
        });
      }
      if (method === 'GET' && sub === '/requests') return json(res, 200, received.map(masked));
      if (method === 'GET' && sub === '/effects') return json(res, 200, state.effects);
      if (method === 'GET' && sub === '/pins') return json(res, 200, state.pins);
      if (method === 'POST' && sub === '/faults') {
        const f = parseFault(input, SANDBOX_ROUTES);
        if ('down' in f) {
          // Answer first: going down closes every connection, this one included.
          res.on('finish', () => void control.setDown(true, f.forMs));
          return json(res, 200, { ok: true, faults: faults.list(), down: true });
        }
        faults.add(f);
        return json(res, 200, { ok: true, faults: faults.list(), down });
      }
      if ((method === 'DELETE' && sub === '/faults') || (method === 'POST' && sub === '/faults/clear')) {
        faults.clear();
        return json(res, 200, { ok: true });
      }
      if (method === 'POST' && sub === '/up') {
        await control.setDown(false);
        return json(res, 200, { ok: true, down });
      }
      if (method === 'POST' && sub === '/campaigns') {
        control.setCampaigns(input.campaigns ?? 'default', input.allowNoBonus ?? input.habilitaBotaoNaoBonificar);
        return json(res, 200, { ok: true, campaigns: state.campaigns, allowNoBonus: state.allowNoBonus });
      }
      if (method === 'POST' && sub === '/tokens') {
        control.setTokens(Array.isArray(input.tokens) ? input.tokens : null);
        return json(res, 200, { ok: true });
      }
      if (method === 'POST' && sub === '/reset') {
        control.reset();
        await control.setDown(false);
        return json(res, 200, { ok: true });
      }
      json(res, 404, { error: `controle desconhecido: ${method} ${sub}` });
    } catch (err) {
      json(res, 400, { error: (err as Error).message });
    }
  }

  return {
    url,
    port,
    control,
    consoleRoute: async (req, res, u) => {
      if (u.pathname !== CONSOLE_BASE && !u.pathname.startsWith(CONSOLE_BASE + '/')) return false;
      await handleControl(req, res, u, CONSOLE_BASE);
      return true;
    },
    async close() {
      if (upTimer) clearTimeout(upTimer);
      if (!down) await stopListening();
      down = true;
    },
  };
}
