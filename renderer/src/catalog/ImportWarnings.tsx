import type { ImportReport } from '../../../shared/api/catalog';

/** "Avisos" of an import: lines that were imported but moved an EAN from another product. */
export function ImportWarnings({ warnings, count }: { warnings: ImportReport['warnings']; count: number }) {
  if (count === 0) return null;
  return (
    <>
      <table aria-label="Avisos da importação">
        <caption className="hint">Linhas importadas, mas confira: o EAN mudou de produto.</caption>
        <thead>
          <tr>
            <th scope="col">Linha</th>
            <th scope="col">Aviso</th>
          </tr>
        </thead>
        <tbody>
          {warnings.map((w) => (
            <tr key={`${w.line}-${w.message}`}>
              <td className="num">{w.line}</td>
              <td>{w.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {count > warnings.length && <p className="hint">… e mais {count - warnings.length} avisos.</p>}
    </>
  );
}
