/**
 * Panel over real HTTP on PGlite (and real PostgreSQL): sign-in and lock, CSRF, every panel route as
 * every role, dashboard figures = the sums of the sales two tills sent, filters, keyset pages, CSV.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { allRoutes } from '../app';
import * as admin from '../admin/service';
import { engineKit, ENGINES, type EngineKit } from '../testing/harness';
import { storeFixture, type StoreFixture } from '../testing/fixture';
import { makeCancellation, makeSale } from '../testing/records';
import { verifyPin } from '../../../core/users/pin';
import { generate } from 'otplib';
import { bootstrapPanelAdmin, createPanelUser, lockSeconds } from './auth';
import { PANEL_ROLES, roleAllows, type PanelRole } from './auth-roles';

const PASSWORD = 'senha-forte-123';
// scrypt logins and a fresh server per test on a busy 2-core machine: bounds only, no timing asserted.
vi.setConfig({ testTimeout: 90_000 });

class Browser {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}
  async call(method: string, path: string, body?: unknown, opts: { csrf?: boolean } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && opts.csrf !== false && this.csrf) headers['x-csrf-token'] = this.csrf;
    const res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json, text, headers: res.headers };
  }
  async login(email: string, password = PASSWORD) {
    const r = await this.call('POST', '/v1/panel/login', { email, password });
    if (r.status === 200) this.csrf = r.json.csrf;
    return r;
  }
}

describe.each(ENGINES)('painel on %s', (engine) => {
  let kit: EngineKit;
  let fx: StoreFixture;
  let otherStore: string;
  const emails: Record<PanelRole, string> = {
    administrador: 'admin@loja.com.br',
    gerente: 'gerente@loja.com.br',
    operador: 'operador@loja.com.br',
    visualizador: 'visual@loja.com.br',
  };

  beforeAll(async () => {
    kit = await engineKit(engine);
    fx = await storeFixture(kit);
    ({ storeId: otherStore } = await admin.createStore(fx.server.db, { name: 'Loja Norte', cnpj: '11222333000181' }));
    for (const role of PANEL_ROLES) {
      await createPanelUser(fx.server.db, { email: emails[role], name: role, role, password: PASSWORD, storeIds: role === 'gerente' ? [fx.storeId] : null });
    }
  }, 120_000);
  afterAll(async () => {
    await fx?.close();
    kit?.dispose();
  });

  it('Entrar: wrong password refused, 5 wrong lock the e-mail with a growing wait, the right password is refused meanwhile', async () => {
    await createPanelUser(fx.server.db, { email: 'lock@loja.com.br', name: 'L', role: 'visualizador', password: PASSWORD });
    const b = new Browser(fx.server.url);
    for (let i = 1; i <= 4; i++) expect((await b.login('lock@loja.com.br', 'errada-000')).status).toBe(401);
    const fifth = await b.login('lock@loja.com.br', 'errada-000');
    expect(fifth.status).toBe(401);
    expect(fifth.json.error.message).toContain('Aguarde 30 s');
    const locked = await b.login('lock@loja.com.br');
    expect(locked.status).toBe(429);
    expect(locked.json.error.message).toMatch(/aguarde \d+ s/);
    expect(lockSeconds(6)).toBe(60);
    expect(lockSeconds(20)).toBe(900);
    // Lock expires (moved into the past here) → the right password works and clears the counter.
    await fx.server.db.query("UPDATE panel_login_failures SET locked_until = now() - interval '1 second'");
    expect((await b.login('lock@loja.com.br')).status).toBe(200);
    expect((await fx.server.db.query('SELECT 1 FROM panel_login_failures WHERE email = $1', ['lock@loja.com.br'])).length).toBe(0);
  });

  it('session cookie is HttpOnly + SameSite=Strict; changes need the CSRF token; Sair ends the session', async () => {
    const b = new Browser(fx.server.url);
    const r = await b.login(emails.administrador);
    expect(r.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await b.call('GET', '/v1/panel/session')).json.user.role).toBe('administrador');
    const noCsrf = await b.call('POST', '/v1/panel/stores', { name: 'X', cnpj: '54517628001593' }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error.message).toContain('CSRF');
    expect((await b.call('POST', '/v1/panel/logout', {})).status).toBe(200);
    expect((await b.call('GET', '/v1/panel/dashboard')).status).toBe(401);
  });

  it('every panel route as every role: refused exactly where the role lacks the permission', async () => {
    const panel = allRoutes().filter((r) => r.access.kind === 'panel');
    expect(panel.length).toBeGreaterThan(15);
    for (const role of PANEL_ROLES) {
      const b = new Browser(fx.server.url);
      expect((await b.login(emails[role])).status).toBe(200);
      for (const r of panel) {
        if (r.path === '/v1/panel/logout') continue;
        const permission = (r.access as { permission: Parameters<typeof roleAllows>[1] }).permission;
        const res = await b.call(r.method, r.path, r.method === 'GET' ? undefined : {});
        const allowed = roleAllows(role, permission);
        if (allowed) expect([200, 201, 400, 404], `${role} ${r.method} ${r.path}`).toContain(res.status);
        else expect(res.status, `${role} ${r.method} ${r.path}`).toBe(403);
      }
      // Anonymous: every panel route 401.
      const anon = new Browser(fx.server.url);
      for (const r of panel) expect((await anon.call(r.method, r.path, r.method === 'GET' ? undefined : {})).status).toBe(401);
    }
  });

  it('a Gerente de loja sees only their stores', async () => {
    const g = new Browser(fx.server.url);
    await g.login(emails.gerente);
    const stores = (await g.call('GET', '/v1/panel/stores')).json.stores;
    expect(stores.map((s: { id: string }) => s.id)).toEqual([fx.storeId]);
    expect((await g.call('GET', `/v1/panel/sales?loja=${otherStore}`)).status).toBe(403);
    expect((await g.call('POST', '/v1/panel/tills', { storeId: otherStore, name: 'Caixa X' })).status).toBe(403);
    const created = await g.call('POST', '/v1/panel/tills', { storeId: fx.storeId, name: 'Caixa 9' });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('dashboard figures equal the sums of the sales two tills sent; filters and keyset pages; CSV export', async () => {
    const [t1, t2] = fx.tills;
    const day = Date.UTC(2026, 5, 10, 13, 0, 0); // 10:00 in Brasília
    const s1 = Array.from({ length: 30 }, (_, i) => makeSale(t1.tillId, i + 1, { at: new Date(day + i * 60_000), pix: true }));
    const s2 = Array.from({ length: 25 }, (_, i) => makeSale(t2.tillId, i + 1, { at: new Date(day + 3_600_000 + i * 60_000) }));
    s2[0].customerCpf = '52998224725';
    s2[0].operatorName = '=HYPERLINK("x")';
    await t1.client.ingest({ records: s1 });
    await t2.client.ingest({ records: [...s2, makeCancellation(t2.tillId, s2[1].id)] });
    const b = new Browser(fx.server.url);
    await b.login(emails.operador);
    const q = `de=${new Date(day - 3_600_000).toISOString()}&ate=${new Date(day + 86_400_000).toISOString()}`;
    const d = (await b.call('GET', `/v1/panel/dashboard?${q}`)).json;
    const finished = [...s1, ...s2.filter((_, i) => i !== 1)];
    const total = finished.reduce((s, x) => s + x.totals.netCents, 0);
    expect(d.totalCents).toBe(total);
    expect(d.sales).toBe(54);
    expect(d.averageTicketCents).toBe(Math.round(total / 54));
    expect(d.cancelled).toEqual({ count: 1, totalCents: s2[1].totals.netCents });
    const byForm = new Map<number, number>();
    for (const s of finished) for (const p of s.payments) byForm.set(p.formCode, (byForm.get(p.formCode) ?? 0) + p.amountCents);
    expect(Object.fromEntries(d.byPaymentForm.map((f: { formCode: number; totalCents: number }) => [f.formCode, f.totalCents]))).toEqual(Object.fromEntries(byForm));
    expect(d.pixByStatus).toEqual([{ status: 'APROVADO', count: 15, totalCents: byForm.get(17) }]);
    expect(d.byHour[10].sales).toBe(30);
    expect(d.byHour[11].sales).toBe(24);

    // Filters: till, status, form, value, CPF, operator.
    const list = async (extra: string) => (await b.call('GET', `/v1/panel/sales?${q}&${extra}`)).json;
    // Period/store/caixa/status: the count comes with the page (summary tables); other filters: /sales/count.
    const count = async (extra: string) => (await b.call('GET', `/v1/panel/sales/count?${q}&${extra}`)).json;
    expect((await count(`caixa=${t2.tillId}`)).count).toBe(25);
    expect((await list('forma=17')).summary).toBeNull();
    expect((await list('status=cancelada')).rows.map((r: { id: string }) => r.id)).toEqual([s2[1].id]);
    expect(await count('forma=17')).toEqual({ count: 15, totalCents: byForm.get(17)! + 15 * 100 });
    const min = s1[5].totals.netCents;
    expect((await list(`min=${min}&max=${min}`)).rows.every((r: { totalCents: number }) => r.totalCents === min)).toBe(true);
    const byCpf = await list('cpf=529.982.247-25');
    expect(byCpf.rows.map((r: { id: string; cpf: string }) => [r.id, r.cpf])).toEqual([[s2[0].id, '***.982.247-**']]);
    expect((await count('operador=ana')).count).toBe(54);

    // Keyset: pages of 20 cover every sale once, newest first.
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await list(`limite=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.rows.map((r: { id: string }) => r.id));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(seen.length).toBe(55);
    expect(new Set(seen).size).toBe(55);

    const detail = (await b.call('GET', `/v1/panel/sale?id=${s1[0].id}`)).json;
    expect(detail.lines).toHaveLength(3);
    expect(detail.payments.map((p: { name: string; pixEndToEnd: string | null }) => [p.name, p.pixEndToEnd])).toEqual([
      ['Dinheiro', null],
      ['PIX', 'E1'],
    ]);

    const csv = await b.call('GET', `/v1/panel/sales/export?${q}&formato=csv`);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="transacoes-.*\.csv"/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(56);
    expect(lines[0].split(';')[12]).toBe('Total (R$)');
    const sum = lines.slice(1).reduce((s, l) => {
      const cells = l.split(';');
      return cells[4] === 'Finalizada' ? s + Math.round(Number(cells[12].replace(',', '.')) * 100) : s;
    }, 0);
    expect(sum).toBe(total);
    expect(csv.text).toContain(`"'=HYPERLINK(""x"")"`);

    const xlsx = await fetch(`${fx.server.url}/v1/panel/sales/export?${q}&formato=xlsx`, { headers: { cookie: b.cookie } });
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Transações')!.rowCount).toBe(56);

    const pix = await fetch(`${fx.server.url}/v1/panel/pix/export?${q}&pix=APROVADO`, { headers: { cookie: b.cookie } });
    const pwb = new ExcelJS.Workbook();
    await pwb.xlsx.load(Buffer.from(await pix.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = pwb.getWorksheet('Pagamentos PIX')!;
    expect(sheet.rowCount).toBe(16);
    let pixSum = 0;
    sheet.eachRow((row, n) => {
      if (n > 1) pixSum += Math.round(Number(row.getCell(7).value) * 100);
    });
    expect(pixSum).toBe(byForm.get(17));
  });

  it('Produtos: CSV import (row errors reported) and a price change reach the till through its change cursor', async () => {
    const b = new Browser(fx.server.url);
    await b.login(emails.gerente);
    const csv = 'codigo;ean;descricao;preco;unidade\n501;7891234567895;Arroz 5kg;25,90;UN\n502;7890000123457;Feijão 1kg;8,50;UN\nxx;;Ruim;1,00;UN\n';
    const res = await fetch(`${fx.server.url}/v1/panel/products/import?loja=${fx.storeId}`, {
      method: 'POST',
      headers: { cookie: b.cookie, 'x-csrf-token': b.csrf, 'content-type': 'text/csv' },
      body: csv,
    });
    const imported = (await res.json()) as { imported: number; errors: unknown[] };
    expect(imported.imported).toBe(2);
    expect(imported.errors.length).toBe(1);
    expect((await b.call('GET', `/v1/panel/products?loja=${fx.storeId}&q=arroz`)).json.rows.map((r: { code: number }) => r.code)).toEqual([501]);
    const till = fx.tills[0].client;
    const before = await till.changes(0);
    const cursor = before.cursor;
    const changed = await b.call('POST', '/v1/panel/products/price', { storeId: fx.storeId, codes: [501, 502], priceCents: 1999 });
    expect(changed.json.changed).toBe(2);
    const after = await till.changes(cursor);
    expect(after.products.map((p: { code: number; priceCents: number }) => [p.code, p.priceCents]).sort()).toEqual([[501, 1999], [502, 1999]]);
    // A till user's new PIN reaches the till the same way.
    const { userId } = await admin.createUser(fx.server.db, { storeId: fx.storeId, name: 'Caixa Bia', role: 'caixa', pin: '4321' });
    const mark = (await till.changes(after.cursor)).cursor;
    const a = new Browser(fx.server.url);
    await a.login(emails.administrador);
    expect((await a.call('POST', '/v1/panel/till-users/pin', { userId, pin: '12' })).status).toBe(400);
    expect((await a.call('POST', '/v1/panel/till-users/pin', { userId, pin: '987654' })).status).toBe(200);
    const users = (await till.changes(mark)).users.filter((u: { id: string }) => u.id === userId);
    expect(users).toHaveLength(1);
    expect(await verifyPin('987654', users[0].pinHash, users[0].pinSalt)).toBe(true);
    // Another store: refused to the Gerente de loja.
    expect((await b.call('POST', '/v1/panel/products/price', { storeId: otherStore, codes: [501], priceCents: 1 })).status).toBe(403);
  });

  it('Primeiro acesso on a database without panel users: once, then refused; RETAGUARDA_ADMIN_* bootstrap only on a fresh database', async () => {
    const fresh = await kit.start(await kit.freshConfig());
    try {
      const b = new Browser(fresh.url);
      expect((await b.call('GET', '/v1/panel/session')).json).toEqual({ user: null, firstAccess: true });
      expect((await b.call('POST', '/v1/panel/first-access', { name: 'Dona', email: 'dona@loja.com.br', password: 'curta' })).status).toBe(400);
      const ok = await b.call('POST', '/v1/panel/first-access', { name: 'Dona', email: 'dona@loja.com.br', password: PASSWORD });
      expect(ok.status).toBe(200);
      b.csrf = ok.json.csrf;
      expect((await b.call('GET', '/v1/panel/session')).json.user.role).toBe('administrador');
      const again = new Browser(fresh.url);
      expect((await again.call('POST', '/v1/panel/first-access', { name: 'X', email: 'x@loja.com.br', password: PASSWORD })).status).toBe(403);
      await bootstrapPanelAdmin(fresh.db, { RETAGUARDA_ADMIN_EMAIL: 'env@loja.com.br', RETAGUARDA_ADMIN_PASSWORD: PASSWORD });
      expect((await fresh.db.query('SELECT email FROM panel_users')).length).toBe(1);

      // TOTP required for Administradores: the next sign-in must enrol before any data route answers.
      expect((await b.call('POST', '/v1/panel/settings/totp', { required: true })).status).toBe(200);
      const c = new Browser(fresh.url);
      expect((await c.login('dona@loja.com.br')).json.step).toBe('enroll');
      expect((await c.call('GET', '/v1/panel/dashboard')).status).toBe(401);
      const setup = await c.call('POST', '/v1/panel/totp/setup', {});
      expect((await c.call('POST', '/v1/panel/totp/enable', { code: await generate({ secret: setup.json.secret }) })).status).toBe(200);
      expect((await c.call('GET', '/v1/panel/dashboard')).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('the panel audit is append-only', async () => {
    await expect(fx.server.db.query('DELETE FROM panel_audit')).rejects.toThrow(/somente inclusão/);
    expect(randomUUID()).toBeTruthy();
  });
});
