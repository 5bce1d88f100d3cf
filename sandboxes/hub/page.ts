import { FAULT_KINDS } from './faults';
import { UNKNOWN_CPF } from './state';
import { SANDBOX_ROUTES } from './validate';

/** The sandbox console: PINs "sent" (what the cashier reads), balances, faults, campaigns, requests received. */
export function renderPage(base: string, hubUrl: string, nonce: string): string {
  const routeOptions = ['*', ...SANDBOX_ROUTES].map((r) => `<option value="${r}">${r === '*' ? 'todas as rotas' : r}</option>`).join('');
  const kindOptions = FAULT_KINDS.map((k) => `<option>${k}</option>`).join('');
  return `<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Sandbox Hub Fidelidade</title>
<style>
body{font-family:system-ui,sans-serif;margin:1rem 2rem;color:#222}h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.5rem}
table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
.pin{font-size:1.4rem;font-weight:bold;letter-spacing:.15em}.down{color:#b00;font-weight:bold}fieldset{display:inline-block}
label{margin-right:.8rem}code{background:#f3f3f3;padding:0 .2rem}
</style></head><body>
<h1>Sandbox do Hub Fidelidade</h1>
<p>Endereço do hub: <code>${hubUrl}</code> — <span id="status">carregando…</span></p>
<p>CPF não cadastrado (registra pelo CadastrarCliente): <code>${UNKNOWN_CPF}</code></p>
<h2>PINs enviados</h2>
<table><thead><tr><th>Quando</th><th>Cliente</th><th>Canal</th><th>Destino</th><th>PIN</th></tr></thead><tbody id="pins"></tbody></table>
<h2>Clientes</h2>
<table><thead><tr><th>CPF</th><th>Nome</th><th>Saldo atual</th><th>Saldo disponível</th><th>PIN</th></tr></thead><tbody id="customers"></tbody></table>
<h2>Falhas</h2>
<form id="fault"><fieldset><legend>Injetar falha</legend>
<label>Rota <select name="route" aria-label="Rota">${routeOptions}</select></label>
<label>Tipo <select name="kind" aria-label="Tipo de falha">${kindOptions}</select></label>
<label>Atraso (ms) <input name="latencyMs" type="number" value="3000" size="6"></label>
<label>Vezes <input name="times" type="number" min="1" placeholder="sempre" size="4"></label>
<label>Malformado <select name="malformed" aria-label="Corpo malformado"><option>not-json</option><option>wrong-shape</option></select></label>
<label><input type="checkbox" name="afterEffect"> depois do efeito</label>
<button>Aplicar</button></fieldset></form>
<p><button id="clear">Limpar falhas</button> <button id="up">Religar hub</button> <button id="reset">Restaurar tudo</button></p>
<ul id="faults"></ul>
<h2>Campanhas</h2>
<p><button id="campDefault">Campanhas padrão</button> <button id="campEmpty">Sem campanhas ([])</button>
<label><input type="checkbox" id="allowNoBonus"> HabilitaBotaoNaoBonificar</label></p>
<ul id="campaigns"></ul>
<h2>Requisições recebidas (últimas 30)</h2>
<table><thead><tr><th>Quando</th><th>Rota</th><th>HTTP</th><th>Falha</th><th>Cabeçalhos</th></tr></thead><tbody id="requests"></tbody></table>
<script nonce="${nonce}">
const base = ${JSON.stringify(base)};
const brl = (v) => 'R$ ' + (v / 100).toFixed(2).replace('.', ',');
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
async function post(path, body) {
  const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
  if (!r.ok) alert((await r.json()).error || 'erro');
  refresh();
}
async function refresh() {
  const s = await (await fetch(base + '/state')).json();
  document.getElementById('status').innerHTML = s.down ? '<span class="down">HUB FORA DO AR</span>' : 'no ar';
  document.getElementById('pins').innerHTML = s.pins.slice().reverse().map((p) => '<tr><td>' + esc(p.at) + '</td><td>' + esc(p.name) + ' (' + esc(p.cpf) + ')</td><td>' + esc(p.channel) + '</td><td>' + esc(p.destination) + '</td><td class="pin">' + esc(p.pin) + '</td></tr>').join('') || '<tr><td colspan="5">nenhum PIN enviado</td></tr>';
  document.getElementById('customers').innerHTML = s.customers.map((c) => '<tr><td>' + esc(c.cpf) + '</td><td>' + esc(c.name) + '</td><td>' + brl(c.currentCents) + '</td><td>' + brl(c.availableCents) + '</td><td>' + (c.usesPin ? (c.pinType === 1 ? 'SMS' : 'E-mail') : 'sem PIN') + '</td></tr>').join('');
  document.getElementById('faults').innerHTML = s.faults.map((f) => '<li>' + esc(f.route) + ': ' + esc(f.kind) + (f.times ? ' (' + f.times + 'x)' : '') + (f.afterEffect ? ' depois do efeito' : '') + '</li>').join('') || '<li>nenhuma</li>';
  document.getElementById('campaigns').innerHTML = s.campaigns.map((c) => '<li>' + c.Id + ' — ' + esc(c.Descricao) + ' (' + c.bonusBasisPoints / 100 + '%)</li>').join('') || '<li>lista vazia</li>';
  document.getElementById('allowNoBonus').checked = s.allowNoBonus;
  document.getElementById('requests').innerHTML = s.requests.slice().reverse().map((r) => '<tr><td>' + esc(r.at) + '</td><td>' + esc(r.route || r.path) + '</td><td>' + esc(r.status ?? '—') + '</td><td>' + esc(r.fault ?? '') + '</td><td>' + esc(JSON.stringify(r.headers)) + '</td></tr>').join('');
}
document.getElementById('fault').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const body = { route: f.get('route'), kind: f.get('kind'), latencyMs: Number(f.get('latencyMs')), malformed: f.get('malformed'), afterEffect: f.get('afterEffect') === 'on' };
  if (f.get('times')) body.times = Number(f.get('times'));
  if (body.kind === 'down') body.forMs = undefined;
  post('/faults', body);
});
document.getElementById('clear').onclick = () => post('/faults/clear');
document.getElementById('up').onclick = () => post('/up');
document.getElementById('reset').onclick = () => post('/reset');
document.getElementById('campDefault').onclick = () => post('/campaigns', { campaigns: 'default' });
document.getElementById('campEmpty').onclick = () => post('/campaigns', { campaigns: 'empty' });
document.getElementById('allowNoBonus').onchange = (e) => post('/campaigns', { campaigns: undefined, allowNoBonus: e.target.checked });
refresh();
setInterval(refresh, 2000);
</script></body></html>`;
}
