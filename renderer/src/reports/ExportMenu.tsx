import { useEffect, useRef, useState } from 'react';
import type { ExportFormat, ExportTarget } from '../../../shared/api/exports';
import { call, getBridge } from '../bridge';
import { count } from '../ui/format';
import { MenuButton } from '../ui/MenuButton';

/** Hands the finished file to the shell: a download in the browser host, the save dialog in Electron. */
function download(id: string, fileName: string): void {
  // The session cookie (HttpOnly) proves the session: no token in the URL.
  const url = new URL(`exports/${id}`, window.location.href);
  const a = document.createElement('a');
  a.href = url.toString();
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** "Exportar" → "CSV" / "XLSX", with a progress bar while the core writes the file. */
export function ExportMenu({ target }: { target: ExportTarget }) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const running = useRef(false);

  useEffect(() => getBridge().on('exports.progress', (p) => running.current && setProgress({ done: p.done, total: p.total })), []);

  const run = async (format: ExportFormat) => {
    if (running.current) return;
    running.current = true;
    setMessage(null);
    setProgress({ done: 0, total: 0 });
    const r = await call('exports.start', { target, format });
    running.current = false;
    setProgress(null);
    if (!r.ok) return setMessage(r.error.message);
    download(r.value.id, r.value.fileName);
    setMessage(`Exportado: ${r.value.fileName} (${count(r.value.sales)} venda(s)).`);
  };

  return (
    <div className="export-progress">
      <MenuButton
        label="Exportar"
        items={[
          { id: 'csv', label: 'CSV' },
          { id: 'xlsx', label: 'XLSX' },
        ]}
        onChoose={(id) => void run(id as ExportFormat)}
      />
      {progress && (
        <progress aria-label="Progresso da exportação" max={Math.max(progress.total, 1)} value={progress.done}>
          {progress.done}
        </progress>
      )}
      <span role="status" className="hint">
        {message}
      </span>
    </div>
  );
}
