import { PAYMENT_FAULT_KINDS, PAYMENT_ROUTES } from './faults';

/** The sandbox console: open orders with "Pagar" (the customer's phone), faults, clock, requests received. */
export function renderPaymentPage(base: string, apiUrl: string, nonce: string): string {
  const routeOptions = ['*', ...PAYMENT_ROUTES].map((r) => `<option value="${r}">${r === '*' ? 'todas as rotas' : r}</option>`).join('');
  const kindOptions = PAYMENT_FAULT_KINDS.map((k) => `<option>${k}</option>`).join('');
  return `<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Sandbox API de Pagamento (PIX)</title>
<style>
body{font-family:system-ui,sans-serif;margin:1rem 2rem;color:#222}h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.5rem}
table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
code{background:#f3f3f3;padding:0 .2rem;word-break:break-all}.down{color:#b00;font-weight:bold}label{margin-right:.8rem}
</style></head><body>
<h1>Sandbox da API de Pagamento (PIX / carteiras)</h1>
<p>Endereço da API: <code>${apiUrl}</code> — <span id="status">carregando…</span> — relógio do sandbox: <span id="clock"></span></p>
<h2>Pedidos</h2>
<table><thead><tr><th>Pedido</th><th>order_ref</th><th>Carteira</th><th>Valor</th><th>Status</th><th>Ações</th></tr></thead><tbody id="orders"></tbody></table>
<h2>Falhas</h2>
<form id="fault"><fieldset><legend>Injetar falha</legend>
<label>Rota <select name="route" aria-label="Rota">${routeOptions}</select></label>
<label>Tipo <select name="kind" aria-label="Tipo de falha">${kindOptions}</select></label>
<label>Atraso (ms) <input name="latencyMs" type="number" value="3000" size="6"></label>
<label>Vezes <input name="times" type="number" min="1" placeholder="sempre" size="4"></label>
<label><input type="checkbox" name="afterEffect"> depois do efeito</label>
<button>Aplicar</button></fieldset></form>
<p><button id="clear">Limpar falhas</button> <button id="up">Religar API</button> <button id="expireTokens">Expirar tokens</button>
<button id="advance">Avançar relógio 61 min</button> <button id="settle">Concluir estornos</button> <button id="reset">Restaurar tudo</button></p>
<ul id="faults"></ul>
<h2>Requisições recebidas (últimas 30)</h2>
<table><thead><tr><th>Quando</th><th>Rota</th><th>HTTP</th><th>Falha</th></tr></thead><tbody id="requests"></tbody></table>
<script nonce="${nonce}">
const base = ${JSON.stringify(base)};
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
async function post(path, body) {
  const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
  if (!r.ok) alert((await r.json()).error || 'erro');
  refresh();
}
async function refresh() {
  const s = await (await fetch(base + '/state')).json();
  document.getElementById('status').innerHTML = s.down ? '<span class="down">API FORA DO AR</span>' : 'no ar';
  document.getElementById('clock').textContent = s.clock;
  document.getElementById('orders').innerHTML = s.orders.slice().reverse().map((o) => '<tr><td><code>' + esc(o.order_id) + '</code></td><td>' + esc(o.external_id) + '</td><td>' + esc(o.wallet) + '</td><td>R$ ' + o.total_order.toFixed(2).replace('.', ',') + '</td><td>' + esc(o.status) + '</td><td>' +
    (o.status === 'pending' ? '<button data-pay="' + esc(o.order_id) + '" aria-label="Pagar ' + esc(o.external_id) + '">Pagar</button> <button data-expire="' + esc(o.order_id) + '">Expirar</button>' : '') + '</td></tr>').join('') || '<tr><td colspan="6">nenhum pedido</td></tr>';
  document.getElementById('faults').innerHTML = s.faults.map((f) => '<li>' + esc(f.route) + ': ' + esc(f.kind) + (f.times ? ' (' + f.times + 'x)' : '') + '</li>').join('') || '<li>nenhuma</li>';
  document.getElementById('requests').innerHTML = s.requests.slice().reverse().map((r) => '<tr><td>' + esc(r.at) + '</td><td>' + esc(r.method + ' ' + r.path) + '</td><td>' + esc(r.status ?? '—') + '</td><td>' + esc(r.fault ?? '') + '</td></tr>').join('');
}
document.getElementById('orders').addEventListener('click', (e) => {
  const t = e.target;
  if (t.dataset.pay) post('/orders/' + t.dataset.pay + '/pay');
  if (t.dataset.expire) post('/orders/' + t.dataset.expire + '/expire');
});
document.getElementById('fault').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const body = { route: f.get('route'), kind: f.get('kind'), latencyMs: Number(f.get('latencyMs')), afterEffect: f.get('afterEffect') === 'on' };
  if (f.get('times')) body.times = Number(f.get('times'));
  post('/faults', body);
});
document.getElementById('clear').onclick = () => post('/faults/clear');
document.getElementById('up').onclick = () => post('/up');
document.getElementById('expireTokens').onclick = () => post('/tokens/expire');
document.getElementById('advance').onclick = () => post('/clock/advance', { ms: 61 * 60000 });
document.getElementById('settle').onclick = () => post('/refunds/settle');
document.getElementById('reset').onclick = () => post('/reset');
refresh();
setInterval(refresh, 2000);
</script></body></html>`;
}
