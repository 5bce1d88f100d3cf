import type http from 'node:http';
import type { Route } from '../../core/host/server';
import { renderPlain } from '../../core/printing/decoder';
import type { VirtualPrinter } from './server';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON of every job the virtual printer kept (for tests and the page). */
export function jobsJson(printer: VirtualPrinter) {
  return {
    url: printer.url,
    running: printer.running,
    statusQueries: printer.statusQueries(),
    jobs: printer.jobs().map((j) => ({
      id: j.id,
      receivedAt: j.receivedAt,
      size: j.bytes.length,
      bytesBase64: j.bytes.toString('base64'),
      lines: j.decoded.lines,
      text: j.decoded.text,
      cuts: j.decoded.cuts,
      endsWithCut: j.decoded.endsWithCut,
      drawerPulses: j.decoded.drawerPulses,
      qrCodes: j.decoded.qrCodes,
      barcodes: j.decoded.barcodes,
      images: j.decoded.images,
      codePages: j.decoded.codePages,
      unknown: j.decoded.unknown,
    })),
  };
}

export function pageHtml(printer: VirtualPrinter, width = 48): string {
  const jobs = printer.jobs().slice().reverse();
  const body = jobs
    .map((j) => {
      const d = j.decoded;
      const extras = [
        d.cuts ? `corte: ${d.cuts}` : 'sem corte',
        d.drawerPulses.length ? `gaveta: ${d.drawerPulses.length} pulso(s)` : '',
        d.qrCodes.length ? `QR: ${d.qrCodes.map(esc).join(' | ')}` : '',
        d.barcodes.length ? `código de barras: ${d.barcodes.map((b) => esc(b.data)).join(' | ')}` : '',
        d.images ? `imagens ignoradas: ${d.images}` : '',
        d.unknown.length ? `comandos desconhecidos: ${d.unknown.map((u) => esc(u.hex)).join(', ')}` : '',
      ].filter(Boolean);
      const lines = renderPlain(d, width)
        .map((t, k) => (d.lines[k].bold || d.lines[k].doubleHeight ? `<b>${esc(t)}</b>` : esc(t)))
        .join('\n');
      return `<article><h2>Cupom #${j.id} — ${esc(new Date(j.receivedAt).toLocaleString('pt-BR'))} (${j.bytes.length} bytes)</h2><pre>${lines}</pre><p>${extras.join(' · ')}</p></article>`;
    })
    .join('\n');
  return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Impressora virtual</title>
<style>body{font-family:sans-serif;margin:1rem;background:#eee}article{background:#fff;display:inline-block;vertical-align:top;margin:.5rem;padding:.5rem 1rem;box-shadow:0 1px 3px #999}pre{font-family:monospace;font-size:13px}h2{font-size:14px}</style></head>
<body><h1>Impressora virtual (${esc(printer.url)})</h1><p>${printer.running ? 'Ligada' : 'Desligada'} · ${jobs.length} cupom(ns) recebido(s). <a href="">Atualizar</a> · <a href="jobs.json">JSON</a></p>${body || '<p>Nenhum cupom recebido ainda.</p>'}</body></html>`;
}

/** Mounts `${base}` (HTML) and `${base}/jobs.json` on the browser host. */
export function printerRoute(printer: VirtualPrinter, base = '/sandbox/printer'): Route {
  return (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    if (url.pathname !== base && url.pathname !== base + '/' && url.pathname !== base + '/jobs.json') return false;
    if (req.method === 'DELETE' && url.pathname === base + '/jobs.json') {
      printer.clear();
      res.writeHead(204).end();
      return true;
    }
    if (url.pathname.endsWith('.json')) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(jobsJson(printer)));
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(pageHtml(printer));
    }
    return true;
  };
}
