import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ImportReport } from '../../../shared/api/catalog';
import { call, getBridge, uploadFile } from '../bridge';
import { Alert } from '../ui/Dialog';
import { ImportWarnings } from './ImportWarnings';
import { ServerOwnedNote, useServerOwned } from '../retaguarda/serverOwned';

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

/**
 * A file that clearly is not a CSV text (a spreadsheet, a picture, a PDF…):
 * the pt-BR message to show, or null. Looks at the name and the first bytes.
 */
async function notCsv(file: File): Promise<string | null> {
  const ext = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (ext === 'xlsx' || ext === 'xls' || ext === 'ods') {
    return `"${file.name}" é uma planilha, não um CSV. No Excel/LibreOffice use "Salvar como" → CSV (separado por ponto e vírgula) e importe esse arquivo.`;
  }
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  const binary = head.includes(0) || (head[0] === 0x50 && head[1] === 0x4b) || (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44);
  if (binary || !['csv', 'txt', 'tsv', ''].includes(ext)) {
    return `"${file.name}" não é um arquivo CSV. Escolha o arquivo .csv do catálogo (texto com colunas separadas por ; ou ,).`;
  }
  return null;
}

/** "Importar catálogo": CSV → catalog.import, progress from catalog.importProgress. */
export function ImportCatalogScreen() {
  const fileRef = useRef<HTMLInputElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const paired = useServerOwned();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => getBridge().on('catalog.importProgress', (p) => setProgress(p)), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) {
      fileRef.current?.focus();
      return setError('Escolha o arquivo CSV do catálogo.');
    }
    const wrong = await notCsv(file);
    if (wrong) {
      setReport(null);
      setProgress(null);
      fileRef.current?.focus();
      return setError(wrong);
    }
    setBusy(true);
    setError(null);
    setReport(null);
    setProgress({ done: 0, total: 0 });
    try {
      // Browser host: the file is streamed to the host, then imported from there in batches (progress as it goes).
      const up = await uploadFile(file);
      if (up && !up.ok) {
        setError(up.error.message);
        return;
      }
      const r = up
        ? await call('catalog.importUpload', { uploadId: up.value.uploadId, fileName: file.name })
        : await call('catalog.import', { fileName: file.name, contentBase64: await readAsBase64(file) });
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

  // The button was disabled while importing (and so lost the focus): give it back.
  useEffect(() => {
    if (!busy && document.activeElement === document.body) submitRef.current?.focus();
  }, [busy]);

  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <div className="page">
      <h1>Importar catálogo</h1>
      <p className="hint">
        CSV com cabeçalho <code>codigo;ean;descricao;preco;unidade</code> — separador <code>;</code> ou <code>,</code>, preço com
        vírgula (12,90), UTF-8 ou Latin-1. Reimportar atualiza pelo código.
      </p>
      <ServerOwnedNote paired={paired} what="catalog" id="catalog-owned" />
      <form onSubmit={submit} className="import-form">
        <label htmlFor="catalog-file">Arquivo CSV do catálogo</label>
        <input id="catalog-file" ref={fileRef} type="file" accept=".csv,text/csv,text/plain" disabled={busy || paired} aria-describedby={paired ? 'catalog-owned' : undefined} />
        <button type="submit" className="primary" disabled={busy || paired} ref={submitRef} aria-describedby={paired ? 'catalog-owned' : undefined}>
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
            <dt>Avisos</dt>
            <dd data-testid="import-warnings">{report.warningCount}</dd>
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
          <ImportWarnings warnings={report.warnings} count={report.warningCount} />
        </section>
      )}
    </div>
  );
}
