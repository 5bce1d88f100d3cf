import type { ChangesPage, IngestBatch, IngestResult, SnapshotPage } from './records';
import { signRequest } from './sign';

/** A refusal or failure of the Retaguarda, with its pt-BR message (status 0 = no answer). */
export class RetaguardaError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** 401/403: the credential is wrong or revoked — retrying will not help until someone fixes it. */
  get credentialProblem(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** What a till reports with each pull: its app version and how many records it still has to send. */
export interface TillStatus {
  version: string;
  backlog: number;
}

export interface TillCredentials {
  url: string;
  tillId: string;
  secret: string;
}

/** The till's side of the till API (Node: the till's core, the bench's simulated tills, tests). */
export function createRetaguardaClient(creds: TillCredentials, opts: { timeoutMs?: number } = {}) {
  const base = creds.url.replace(/\/+$/, '');
  async function call<T>(method: 'GET' | 'POST', pathWithQuery: string, body?: unknown): Promise<T> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = { ...(await signRequest(creds, method, pathWithQuery, text)) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(base + pathWithQuery, {
        method,
        headers,
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new RetaguardaError(0, 'sem_conexao', `Sem conexão com a retaguarda (${(err as Error).message}).`);
    }
    const answer = await res.text();
    let data: unknown = null;
    try {
      data = JSON.parse(answer);
    } catch {
      /* not JSON: reported below */
    }
    if (!res.ok) {
      const e = (data as { error?: { code?: string; message?: string } } | null)?.error;
      throw new RetaguardaError(res.status, e?.code ?? 'erro_http', e?.message ?? `A retaguarda respondeu HTTP ${res.status}.`);
    }
    if (data === null) throw new RetaguardaError(res.status, 'resposta_invalida', 'Resposta inválida da retaguarda.');
    return data as T;
  }
  return {
    ingest: (batch: IngestBatch) => call<IngestResult>('POST', '/v1/till/ingest', batch),
    changes: (after: number, limit = 1000, status?: TillStatus) =>
      call<ChangesPage>(
        'GET',
        `/v1/till/changes?after=${after}&limit=${limit}${status ? `&versao=${encodeURIComponent(status.version)}&pendentes=${status.backlog}` : ''}`,
      ),
    snapshot: (afterCode: number | null, limit = 5000) =>
      call<SnapshotPage>('GET', `/v1/till/snapshot?${afterCode === null ? '' : `afterCode=${afterCode}&`}limit=${limit}`),
    /**
     * A new till's catalog: the CSV stream (decompressed by fetch as it arrives) and the change cursor it was
     * taken at. The caller reads `body` to the end (or cancels it).
     */
    async snapshotCsv(): Promise<{ cursor: number; products: number; body: ReadableStream<Uint8Array> }> {
      const path = '/v1/till/snapshot.csv';
      let res: Response;
      try {
        res = await fetch(base + path, { method: 'GET', headers: { ...(await signRequest(creds, 'GET', path, '')), 'accept-encoding': 'gzip' } });
      } catch (err) {
        throw new RetaguardaError(0, 'sem_conexao', `Sem conexão com a retaguarda (${(err as Error).message}).`);
      }
      const cursor = Number(res.headers.get('x-balcao-cursor'));
      if (!res.ok || !res.body || !Number.isInteger(cursor)) {
        let e: { code?: string; message?: string } | undefined;
        try {
          e = ((await res.json()) as { error?: { code?: string; message?: string } }).error;
        } catch {
          e = undefined;
        }
        throw new RetaguardaError(res.status, e?.code ?? 'erro_http', e?.message ?? `A retaguarda respondeu HTTP ${res.status} ao catálogo.`);
      }
      return { cursor, products: Number(res.headers.get('x-balcao-produtos')) || 0, body: res.body };
    },
    whoami: () => call<{ tillId: string; storeId: string; tillName: string; storeName: string; cnpj: string }>('GET', '/v1/till/whoami'),
  };
}
export type RetaguardaClient = ReturnType<typeof createRetaguardaClient>;
