import { randomBytes } from 'node:crypto';
import type { Route } from '../../core/host/server';
import { readBody } from '../../core/host/server';
import { json } from '../common/server';
import { answerFor, INITIAL_SCALE_STATE, type VirtualScale } from './server';

/**
 * The virtual scale's console, mounted at /sandbox/balanca on the browser host
 * (and alone by `npm run sandbox:scale`): "Peso (g)", "Instável", "Silenciosa",
 * the frame it answers and how many ENQs it received.
 *   GET  base             the page
 *   GET  base/state.json  the state
 *   POST base/state       {grams?, mode?, capacityGrams?, splitFrames?}  (JSON)
 *   POST base/reset
 */

function stateJson(scale: VirtualScale) {
  const s = scale.state();
  return { url: scale.url, ...s, answer: answerFor(s) };
}

function pageHtml(base: string, url: string, nonce: string): string {
  return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Balança virtual</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem 2rem}label{margin-right:1rem}output{font-family:monospace;font-size:1.4rem}</style></head>
<body><h1>Balança virtual (Toledo/Filizola)</h1>
<p>Interface: <code>${url}</code> — ENQ recebidos: <span id="enq">0</span> — conexões: <span id="conn">0</span></p>
<p>Resposta atual: <output id="answer" aria-label="Resposta atual"></output></p>
<form id="f"><label>Peso (g) <input id="grams" name="grams" type="number" step="1" aria-label="Peso (g)"></label>
<button>Colocar peso</button></form>
<p><label><input type="checkbox" id="unstable"> Instável</label>
<label><input type="checkbox" id="silent"> Silenciosa</label>
<button id="reset">Restaurar</button></p>
<script nonce="${nonce}">
const base = ${JSON.stringify(base)};
async function post(path, body) {
  const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
  if (!r.ok) alert((await r.json()).error || 'erro');
  refresh();
}
async function refresh() {
  const s = await (await fetch(base + '/state.json')).json();
  document.getElementById('enq').textContent = s.enqReceived;
  document.getElementById('conn').textContent = s.connections;
  document.getElementById('answer').textContent = s.answer === null ? '(sem resposta)' : 'STX ' + s.answer + ' ETX';
  document.getElementById('unstable').checked = s.mode === 'unstable';
  document.getElementById('silent').checked = s.mode === 'silent';
  if (document.activeElement !== document.getElementById('grams')) document.getElementById('grams').value = s.grams;
}
document.getElementById('f').addEventListener('submit', (e) => { e.preventDefault(); post('/state', { grams: Number(document.getElementById('grams').value) }); });
document.getElementById('unstable').onchange = (e) => post('/state', { mode: e.target.checked ? 'unstable' : 'stable' });
document.getElementById('silent').onchange = (e) => post('/state', { mode: e.target.checked ? 'silent' : 'stable' });
document.getElementById('reset').onclick = () => post('/reset');
refresh();
setInterval(refresh, 2000);
</script></body></html>`;
}

export function scaleRoute(scale: VirtualScale, base = '/sandbox/balanca'): Route {
  return async (req, res, url) => {
    const sub = url.pathname === base ? '/' : url.pathname.startsWith(base + '/') ? url.pathname.slice(base.length) : null;
    if (sub === null) return false;
    const method = req.method ?? 'GET';
    try {
      if (method === 'GET' && sub === '/') {
        const nonce = randomBytes(16).toString('base64');
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        });
        res.end(pageHtml(base, scale.url, nonce));
      } else if (method === 'GET' && sub === '/state.json') {
        json(res, 200, stateJson(scale));
      } else if (method === 'POST' && sub === '/state') {
        const text = (await readBody(req, 64 * 1024)).toString('utf8');
        const input = text ? JSON.parse(text) : {};
        const patch: Record<string, unknown> = {};
        for (const k of ['grams', 'mode', 'capacityGrams', 'splitFrames'] as const) if (input[k] !== undefined) patch[k] = input[k];
        scale.set(patch);
        json(res, 200, stateJson(scale));
      } else if (method === 'POST' && sub === '/reset') {
        scale.set(INITIAL_SCALE_STATE);
        json(res, 200, stateJson(scale));
      } else {
        json(res, 404, { error: `controle desconhecido: ${method} ${sub}` });
      }
    } catch (err) {
      json(res, 400, { error: (err as Error).message });
    }
    return true;
  };
}
