import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ImportReport } from '../../../shared/api/catalog';
import { call, getBridge } from '../bridge';
import { Alert } from '../ui/Dialog';

/** File → base64 without blowing the stack on big files. */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result); // data:<type>;base64,<data>
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('falha ao ler o arquivo'));
    reader.readAsDataURL(file);
  });
}

/** "Importar catálogo": CSV → catalog.import, progress from catalog.importProgress. */
export function ImportCatalogScreen() {
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => getBridge().on('catalog.importProgress', (p) => setProgress(p)), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setError('Escolha o arquivo CSV do catálogo.');
    setBusy(true);
    setError(null);
    setReport(null);
    setProgress({ done: 0, total: 0 });
    try {
      const contentBase64 = await readAsBase64(file);
      const r = await call('catalog.import', { fileName: file.name, contentBase64 });
      if (r.ok) {
        setReport(r.value);
        setProgress({ done: r.value.total, total: r.value.total });
      } else setError(r.error.message);
    } catch (err) {
      setError(`Não foi possível ler o arquivo: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <div className="page">
      <h1>Importar catálogo</h1>
      <p className="hint">
        CSV com cabeçalho <code>codigo;ean;descricao;preco;unidade</code> — separador <code>;</code> ou <code>,</code>, preço com
        vírgula (12,90), UTF-8 ou Latin-1. Reimportar atualiza pelo código.
      </p>
      <form onSubmit={submit} className="import-form">
        <label htmlFor="catalog-file">Arquivo CSV do catálogo</label>
        <input id="catalog-file" ref={fileRef} type="file" accept=".csv,text/csv,text/plain" disabled={busy} />
        <button type="submit" className="primary" disabled={busy}>
          Importar
        </button>
      </form>
      <progress
        aria-label="Progresso da importação"
        max={100}
        value={busy && pct === 0 ? undefined : pct}
        className={progress ? '' : 'hidden'}
      />
      {progress && progress.total > 0 && (
        <p className="hint">
          {progress.done} de {progress.total} linhas
        </p>
      )}
      <Alert text={error} />
      {report && (
        <section aria-label="Relatório da importação" className="report">
          <h2>Relatório</h2>
          <dl className="figures">
            <dt>Linhas lidas</dt>
            <dd>{report.total}</dd>
            <dt>Inseridos</dt>
            <dd data-testid="import-inserted">{report.inserted}</dd>
            <dt>Atualizados</dt>
            <dd data-testid="import-updated">{report.updated}</dd>
            <dt>Erros</dt>
            <dd data-testid="import-errors">{report.errorCount}</dd>
          </dl>
          {report.errors.length > 0 && (
            <table aria-label="Linhas com erro">
              <thead>
                <tr>
                  <th scope="col">Linha</th>
                  <th scope="col">Problema</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((er) => (
                  <tr key={`${er.line}-${er.message}`}>
                    <td className="num">{er.line}</td>
                    <td>{er.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.errorCount > report.errors.length && (
            <p className="hint">… e mais {report.errorCount - report.errors.length} linhas com erro.</p>
          )}
        </section>
      )}
    </div>
  );
}
