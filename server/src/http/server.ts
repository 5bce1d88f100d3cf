import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from '../config';
import type { Db } from '../db/db';
import { ServerError } from '../errors';
import { authorize } from './auth';
import type { RequestContext, Route } from './routes';

const DEFAULT_MAX_BODY = 1024 * 1024;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** A streamed reply (downloads): headers now, the body as it is produced; an error midway cuts the connection. */
function sendStream(res: http.ServerResponse, status: number, stream: NodeJS.ReadableStream, headers: Record<string, string | string[]>): void {
  res.writeHead(status, { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  stream.on('error', (err) => {
    process.stderr.write(`retaguarda: ${(err as Error).stack ?? err}\n`);
    res.destroy();
  });
  stream.pipe(res);
}

/** Requests no route matches (GET/HEAD): e.g. the panel's static files. Returns true when it answered. */
export type Fallback = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<boolean>;

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new ServerError(413, 'corpo_grande', `Corpo da requisição acima de ${Math.round(max / 1024)} KB.`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface Retaguarda {
  server: http.Server;
  /** Starts listening; resolves with the bound port and base URL. */
  listen(): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

export function createHttpServer(config: ServerConfig, db: Db, routes: Route[], opts: { fallback?: Fallback } = {}): Retaguarda {
  const table = new Map<string, Route>();
  for (const r of routes) {
    if (!r.access) throw new Error(`Rota ${r.method} ${r.path} sem regra de acesso (negado por padrão).`);
    const key = `${r.method} ${r.path}`;
    if (table.has(key)) throw new Error(`Rota duplicada: ${key}`);
    table.set(key, r);
  }
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://retaguarda');
      const r = table.get(`${req.method} ${url.pathname}`);
      if (!r && opts.fallback && (req.method === 'GET' || req.method === 'HEAD') && (await opts.fallback(req, res, url))) return;
      if (!r) {
        const other = [...table.values()].some((x) => x.path === url.pathname);
        throw new ServerError(other ? 405 : 404, other ? 'metodo_nao_permitido' : 'nao_encontrado', other ? 'Método não permitido nesta rota.' : 'Rota não encontrada.');
      }
      const body = req.method === 'GET' ? Buffer.alloc(0) : await readBody(req, r.maxBody ?? DEFAULT_MAX_BODY);
      const ctx: RequestContext = { req, url, body, db, config };
      await authorize(ctx, r.access);
      const reply = await r.handler(ctx);
      if (reply.stream) sendStream(res, reply.status ?? 200, reply.stream, reply.headers ?? {});
      else send(res, reply.status ?? 200, reply.body, reply.headers);
    } catch (err) {
      if (err instanceof ServerError) {
        send(res, err.status, { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
      } else {
        process.stderr.write(`retaguarda: ${(err as Error).stack ?? err}\n`);
        if (!res.headersSent) send(res, 500, { error: { code: 'erro_interno', message: 'Erro interno da retaguarda; tente novamente.' } });
        else res.destroy();
      }
    }
  });
  server.keepAliveTimeout = 65_000; // longer than a typical reverse proxy's idle timeout
  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          const host = config.host.includes(':') ? `[${config.host}]` : config.host;
          resolve({ port, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}` });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
