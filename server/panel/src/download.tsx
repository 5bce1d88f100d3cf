import { useRef, useState, type MouseEvent } from 'react';
import { ApiError } from './api';

interface Progress {
  label: string;
  /** CSV: data rows received so far (lines less the header); null for a binary file. */
  rows: number | null;
  expected: number | null;
  bytes: number;
  done: string | null;
  error: string | null;
}

function fileName(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

const kb = (n: number) => `${Math.round(n / 1024).toLocaleString('pt-BR')} kB`;

/**
 * "Exportar" with progress: the server streams the file; the page reads the stream, shows how far it got
 * (CSV: rows out of the list's count; XLSX: what has arrived) with "Cancelar", then saves it under the
 * server's file name. Used by Transações and Pagamentos PIX.
 */
export function useDownload(): { start: (e: MouseEvent<HTMLAnchorElement>, label: string, expected: number | null) => void; view: JSX.Element | null } {
  const [p, setP] = useState<Progress | null>(null);
  const abort = useRef<AbortController | null>(null);

  const run = async (url: string, label: string, expected: number | null) => {
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    const csv = /formato=csv/.test(url);
    const state: Progress = { label, rows: csv ? 0 : null, expected: csv ? expected : null, bytes: 0, done: null, error: null };
    setP({ ...state });
    try {
      const res = await fetch(url, { credentials: 'same-origin', signal: ctrl.signal });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new ApiError(res.status, 'erro', body?.error?.message ?? `Erro ${res.status}`);
      }
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let newlines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        state.bytes += value.length;
        if (csv) {
          for (let i = 0; i < value.length; i++) if (value[i] === 10) newlines++;
          state.rows = Math.max(0, newlines - 1);
        }
        setP({ ...state });
      }
      const name = fileName(res, csv ? 'transacoes.csv' : 'exportacao.xlsx');
      const href = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      state.done = csv ? `Exportação concluída: ${state.rows} linha(s) em ${name}.` : `Exportação concluída: ${name} (${kb(state.bytes)}).`;
      setP({ ...state });
    } catch (e) {
      state.error = ctrl.signal.aborted ? 'Exportação cancelada.' : `Exportação interrompida: ${(e as Error).message}`;
      setP({ ...state });
    } finally {
      if (abort.current === ctrl) abort.current = null;
    }
  };

  const start = (e: MouseEvent<HTMLAnchorElement>, label: string, expected: number | null) => {
    e.preventDefault();
    void run(e.currentTarget.href, label, expected);
  };

  const busy = p && !p.done && !p.error;
  const view = p && (
    <div role="status" className="progress-line">
      {busy && (
        <>
          <progress aria-label="Progresso da exportação" max={p.expected ?? undefined} value={p.expected ? Math.min(p.rows ?? 0, p.expected) : undefined} />
          {p.rows !== null ? `Exportando ${p.label}: ${p.rows.toLocaleString('pt-BR')}${p.expected !== null ? ` de ${p.expected.toLocaleString('pt-BR')}` : ''} venda(s)…` : `Exportando ${p.label}: ${kb(p.bytes)} recebidos…`}
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancelar exportação
          </button>
        </>
      )}
      {p.done}
      {p.error && <span className="error">{p.error}</span>}
    </div>
  );
  return { start, view };
}
