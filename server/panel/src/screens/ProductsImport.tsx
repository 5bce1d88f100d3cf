import { useState } from 'react';
import { uploadWithProgress } from '../api';
import { Field } from '../ui';

interface ImportResult {
  imported: number;
  changed: number;
  errors: { line: number; message: string }[];
}

const pct = (a: number, b: number) => (b > 0 ? Math.min(100, Math.round((a / b) * 100)) : 0);

/**
 * "Importar catálogo (CSV)": the till's CSV format, sent with its progress shown; the server applies the
 * valid rows (one transaction) and answers with the rows it refused, listed with their line numbers.
 */
export function ProductsImport({ storeId, onDone }: { storeId: string; onDone: () => void }) {
  const [progress, setProgress] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState('');
  const importFile = async (file: File) => {
    setError('');
    setResult(null);
    setProgress({ name: file.name, sent: 0, total: file.size });
    try {
      const r = await uploadWithProgress<ImportResult>(`/v1/panel/products/import?loja=${storeId}`, file, (sent, total) => setProgress({ name: file.name, sent, total }));
      setResult(r);
      onDone();
    } catch (e) {
      setError(`Importação não concluída: ${(e as Error).message} Nada foi alterado.`);
    } finally {
      setProgress(null);
    }
  };
  const sentAll = progress && progress.sent >= progress.total;
  return (
    <div className="import">
      <Field label="Importar catálogo (CSV)">
        <input type="file" accept=".csv,text/csv" disabled={!!progress} onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} />
      </Field>
      {progress && (
        <div role="status" className="progress-line">
          <progress aria-label="Progresso da importação" max={100} value={sentAll ? undefined : pct(progress.sent, progress.total)} />
          {sentAll ? `${progress.name}: enviado; a retaguarda está gravando os produtos…` : `Enviando ${progress.name}: ${pct(progress.sent, progress.total)}%`}
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <div role="status">
          Importados {result.imported} produto(s) ({result.changed} alterado(s)); {result.errors.length === 0 ? 'nenhuma linha com erro.' : `${result.errors.length} linha(s) com erro, não importadas:`}
        </div>
      )}
      {result && result.errors.length > 0 && (
        <div className="table-wrap short-table" tabIndex={0}>
          <table aria-label="Linhas com erro">
            <thead>
              <tr>
                <th scope="col">Linha</th>
                <th scope="col">Erro</th>
              </tr>
            </thead>
            <tbody>
              {result.errors.map((e) => (
                <tr key={e.line}>
                  <td className="num">{e.line}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
