import fs from 'node:fs';
import type http from 'node:http';
import { newUpload } from '../kernel/uploads';
import { type Refusal, sendRefusal } from './guard';

/** Reading request bodies and writing the host's plain answers (core/host/server.ts routes to these). */

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`corpo grande demais (limite ${limit} bytes)`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a request body up to `limit` bytes. Over it, nothing more is kept:
 * the rest is drained (up to 16× the limit, so the client can read a 413)
 * or the connection is dropped, and the promise rejects with BodyTooLargeError.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const drainCap = Math.max(limit * 16, 16 * 1024 * 1024);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > drainCap) {
      reject(new BodyTooLargeError(limit));
      req.resume();
      return;
    }
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > drainCap) {
        req.destroy();
        return;
      }
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => {
      if (size > drainCap) reject(new BodyTooLargeError(limit));
    });
  });
}

/** A refusal decided on the headers: answered at once and the connection closed, the body never read. */
export function refuseBody(req: http.IncomingMessage, res: http.ServerResponse, r: Refusal): void {
  void req; // left unread (paused): Node closes the connection after this answer
  sendRefusal(res, r, { connection: 'close' });
}

export /** The page a browser without a session gets: how to log in, and no token. */
function loginPage(why = 'Para usar o Balcão neste navegador, abra o endereço de acesso.'): string {
  return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Balcão — acesso</title></head><body>
<main aria-label="Acesso ao Balcão"><h1>Balcão</h1><p>${why}</p>
<p>O endereço de acesso (uso único) aparece no terminal em que o Balcão foi iniciado (<code>npm start</code> ou <code>npm run serve</code>); um novo é mostrado a cada uso.</p></main>
</body></html>`;
}

export function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
  });
  res.end(body);
}

/**
 * POST /upload: the body streamed to a new upload file (never held in memory),
 * answered with its id for an API call (catalog.importUpload) to use.
 */
export function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, limit: number, dataDir: string | undefined): void {
  const json = (status: number, body: unknown, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra });
    res.end(JSON.stringify(body));
  };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    json(413, { ok: false, error: { code: 'host.tooLarge', message: `Arquivo maior que ${Math.round(limit / 1024 / 1024)} MB.` } }, { connection: 'close' });
    req.destroy();
    return;
  }
  let created: { id: string; file: string; fd: number };
  try {
    if (!dataDir) throw new Error('sem pasta de dados');
    created = newUpload(dataDir);
  } catch (e) {
    json(500, { ok: false, error: { code: 'host.uploadFailed', message: `Não foi possível receber o arquivo: ${(e as Error).message}` } }, { connection: 'close' });
    req.destroy();
    return;
  }
  const { id, file, fd } = created;
  const out = fs.createWriteStream(file, { fd });
  let size = 0;
  let failed = false;
  const fail = (status: number, code: string, message: string) => {
    if (failed) return;
    failed = true;
    out.destroy();
    fs.rmSync(file, { force: true });
    if (!res.headersSent) json(status, { ok: false, error: { code, message } });
    req.destroy();
  };
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > limit) fail(413, 'host.tooLarge', `Arquivo maior que ${Math.round(limit / 1024 / 1024)} MB.`);
  });
  req.on('error', () => fail(400, 'host.uploadFailed', 'O envio do arquivo foi interrompido.'));
  out.on('error', (e) => fail(500, 'host.uploadFailed', `Não foi possível gravar o arquivo enviado: ${e.message}`));
  req.pipe(out);
  out.on('finish', () => {
    if (!failed) json(200, { ok: true, value: { uploadId: id, bytes: size } });
  });
}

