import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/sales';
import * as admin from '../../server/src/admin/service';
import type { RunningServer } from '../../server/src/app';
import { engineKit, type EngineKit } from '../../server/src/testing/harness';
import { loadConfig } from '../app/config';
import { callCore, createTestCore, tempDir } from '../../test-support/fixtures';
import { RETAGUARDA_KIND } from './uploader';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;

/** The till's `retaguarda` outbox channel against a real Retaguarda server (PGlite), over real HTTP. */
describe('till → Retaguarda through the outbox', () => {
  let kit: EngineKit;
  let server: RunningServer;
  let storeId: string;
  let creds: { tillId: string; secret: string };
  let erpKey: string;

  beforeAll(async () => {
    kit = await engineKit('pglite');
    server = await kit.start(await kit.freshConfig());
    storeId = (await admin.createStore(server.db, { name: 'Loja Centro', cnpj: '54517628001593' })).storeId;
    creds = await admin.createTill(server.db, { storeId, name: 'Caixa 1' });
    erpKey = (await admin.createApiKey(server.db, { name: 'erp', scopes: ['sales:read'] })).key;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    kit?.dispose();
  });

  const serverSales = async () => {
    const res = await fetch(`${server.url}/v1/sales?limit=1000`, { headers: { authorization: `Bearer ${erpKey}` } });
    return ((await res.json()) as { sales: { id: string; status: string; totalCents: number; tillId: string; lines: unknown[] }[] }).sales;
  };

  async function sell(core: TestCore, text: string, cents: number): Promise<Sale> {
    await callCore(core, 'sales.scan', { text });
    await callCore(core, 'sales.addPayment', { formCode: 1, amountCents: cents });
    return (await callCore<{ sale: Sale }>(core, 'sales.finalize')).sale;
  }

  async function drained(core: TestCore): Promise<void> {
    const ids = (core.db.prepare(`SELECT op_id FROM outbox WHERE kind = ?`).all(RETAGUARDA_KIND) as { op_id: string }[]).map((r) => r.op_id);
    const rows = await core.services.outbox.worker.waitFor(ids, 30_000);
    expect(rows.map((r) => [r.status, r.lastError])).toEqual(rows.map(() => ['done', null]));
  }

  it('a till used alone uploads its history once paired; new sales and a cancellation follow, each once', async () => {
    const dataDir = tempDir();
    const alone = await createTestCore({ dataDir, config: loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0' }) });
    const old1 = await sell(alone, '1', 2990);
    const old2 = await sell(alone, '2', 849);
    expect(alone.services.retaguarda.scan()).toBe(0); // not paired: nothing is queued
    alone.close();

    const env = { BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: server.url, BALCAO_RETAGUARDA_CAIXA: creds.tillId, BALCAO_RETAGUARDA_SEGREDO: creds.secret };
    // A long interval: the test runs each scan itself (no timing), the start-up scan aside.
    const core = await createTestCore({ dataDir, catalogCsv: '', config: loadConfig(env), retaguardaIntervalMs: 3_600_000 });
    try {
      const uploader = core.services.retaguarda;
      uploader.scan();
      await drained(core);
      expect((await serverSales()).map((s) => s.id).sort()).toEqual([old1.id, old2.id].sort());

      const fresh = await sell(core, '3', 799);
      await callCore(core, 'cancellation.cancel', { saleId: old2.id, reason: 'Cliente desistiu' });
      expect(uploader.scan()).toBeGreaterThanOrEqual(2); // the new sale, the cancellation (and audit rows)
      expect(uploader.scan()).toBe(0); // nothing is queued twice
      await drained(core);
      const sales = await serverSales();
      expect(sales.length).toBe(3);
      expect(sales.find((s) => s.id === fresh.id)).toMatchObject({ status: 'finalizada', totalCents: 799, tillId: creds.tillId, lines: [expect.anything()] });
      expect(sales.find((s) => s.id === old2.id)?.status).toBe('cancelada');
      const [audit] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_rows WHERE till_id = $1', [creds.tillId]);
      expect(audit.n).toBeGreaterThan(0);
    } finally {
      core.close();
    }
  });

  it('a revoked caixa: the batch waits in the outbox with the server\'s message and goes once the caixa is valid again', async () => {
    const t = await admin.createTill(server.db, { storeId, name: 'Caixa 2' });
    await admin.revokeTill(server.db, t.tillId);
    const dataDir = tempDir();
    const env = { BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: server.url, BALCAO_RETAGUARDA_CAIXA: t.tillId, BALCAO_RETAGUARDA_SEGREDO: t.secret };
    const core = await createTestCore({ dataDir, config: loadConfig(env), retaguardaIntervalMs: 3_600_000 });
    try {
      const sale = await sell(core, '1', 2990);
      core.services.retaguarda.scan();
      const [row] = await core.services.outbox.worker.waitFor(
        (core.db.prepare(`SELECT op_id FROM outbox WHERE kind = ?`).all(RETAGUARDA_KIND) as { op_id: string }[]).map((r) => r.op_id),
        30_000,
      );
      expect(row.status).toBe('retrying');
      expect(row.lastError).toBe('Retaguarda recusou o caixa: A credencial deste caixa foi revogada na retaguarda: peça uma nova ao gerente.');
      expect((await serverSales()).map((s) => s.id)).not.toContain(sale.id);
      await server.db.query('UPDATE tills SET revoked_at = NULL WHERE id = $1', [t.tillId]);
      core.services.outbox.worker.resend(row.id);
      const [again] = await core.services.outbox.worker.waitFor([row.opId], 30_000);
      expect(again.status).toBe('done');
      expect((await serverSales()).filter((s) => s.id === sale.id).length).toBe(1);
    } finally {
      core.close();
    }
  });

  it('Configurações > "Retaguarda": "Conectar" checks the server before saving; then the sales go', async () => {
    const t = await admin.createTill(server.db, { storeId, name: 'Caixa 3' });
    const dataDir = tempDir();
    const core = await createTestCore({ dataDir, config: loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0' }), retaguardaIntervalMs: 3_600_000 });
    try {
      expect(await callCore(core, 'retaguarda.get')).toMatchObject({ source: 'nenhum', hasSecret: false });
      const wrong = await core.dispatch('retaguarda.connect', { url: server.url, tillId: t.tillId, secret: 'x'.repeat(43) });
      expect(wrong.ok ? null : wrong.error).toMatchObject({
        message: 'Não foi possível conectar: Credencial do caixa inválida: confira o segredo em Configurações > Retaguarda.',
        details: { field: 'secret' },
      });
      const down = await core.dispatch('retaguarda.connect', { url: 'http://127.0.0.1:1', tillId: t.tillId, secret: t.secret });
      expect(down.ok ? null : down.error.message).toMatch(/^Não foi possível conectar: Sem conexão com a retaguarda/);
      expect(await callCore(core, 'retaguarda.get')).toMatchObject({ source: 'nenhum' });
      const view = await callCore(core, 'retaguarda.connect', { url: `${server.url}/`, tillId: t.tillId, secret: t.secret });
      expect(view).toEqual({ source: 'configuracoes', url: server.url, tillId: t.tillId, hasSecret: true, storeName: 'Loja Centro', tillName: 'Caixa 3' });
      expect(JSON.stringify(core.db.prepare(`SELECT * FROM settings WHERE key LIKE 'retaguarda.%'`).all())).not.toContain(t.secret);
      const sale = await sell(core, '1', 2990);
      core.services.retaguarda.scan();
      await drained(core);
      expect((await serverSales()).filter((s) => s.id === sale.id)).toHaveLength(1);
    } finally {
      core.close();
    }
  });

  it('down: products sent with PUT /v1/products and users created on the server reach the paired till: it sells the new price, the user logs in', async () => {
    const t = await admin.createTill(server.db, { storeId, name: 'Caixa 4' });
    const key = (await admin.createApiKey(server.db, { name: 'erp-precos', scopes: ['products:write'], storeIds: [storeId] })).key;
    const dataDir = tempDir();
    const env = { BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: server.url, BALCAO_RETAGUARDA_CAIXA: t.tillId, BALCAO_RETAGUARDA_SEGREDO: t.secret };
    const core = await createTestCore({ dataDir, config: loadConfig(env), retaguardaIntervalMs: 3_600_000 });
    try {
      await core.services.retaguardaPull.pull(); // the start-up pull (nothing yet) is over
      const csv = 'codigo;ean;descricao;preco;unidade\n1;7891234567895;Arroz Tipo 1 Tio João 5kg;31,50;UN\n900;7894900011517;Produto Novo da Retaguarda;5,25;UN\n';
      const res = await fetch(`${server.url}/v1/products`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: csv });
      expect(await res.json()).toEqual({ imported: 2, errors: [] });
      await admin.createUser(server.db, { storeId, name: 'Bia Retaguarda', role: 'caixa', pin: '246813' });
      expect(await core.services.retaguardaPull.pull()).toBe(3); // 2 products, 1 user
      expect(await core.services.retaguardaPull.pull()).toBe(0); // nothing newer
      // The server's user logs in at this caixa with the PIN set on the server (the hash came down, not the PIN).
      const bia = (await callCore<{ users: { id: number; name: string; role: string }[] }>(core, 'users.state')).users.find((u) => u.name === 'Bia Retaguarda');
      expect(bia?.role).toBe('caixa');
      await callCore(core, 'users.login', { userId: bia!.id, pin: '246813' });
      expect((await callCore<{ session: { name: string } }>(core, 'users.state')).session.name).toBe('Bia Retaguarda');
      await callCore(core, 'sales.scan', { text: '7891234567895' });
      const sale = await callCore<Sale>(core, 'sales.scan', { text: '900' });
      expect(sale.lines.map((l) => [l.productCode, l.unitPriceCents, l.description])).toEqual([
        [1, 3150, 'Arroz Tipo 1 Tio João 5kg'],
        [900, 525, 'Produto Novo da Retaguarda'],
      ]);
    } finally {
      core.close();
    }
  });

  it('the answer lost after the server committed: the outbox sends the same batch again, each sale stored once', async () => {
    const t = await admin.createTill(server.db, { storeId, name: 'Caixa 5' });
    // Between till and server: forwards every request, but throws away the server's first answer to an ingest.
    let dropped = 0;
    const target = new URL(server.url);
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (c) => body.push(c));
          answer.on('end', () => {
            if (req.url === '/v1/till/ingest' && dropped === 0) {
              dropped++;
              res.socket?.destroy(); // committed on the server, never heard by the till
              return;
            }
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(Buffer.concat(body));
          });
        });
        up.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const dataDir = tempDir();
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const env = { BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: url, BALCAO_RETAGUARDA_CAIXA: t.tillId, BALCAO_RETAGUARDA_SEGREDO: t.secret };
    const core = await createTestCore({ dataDir, config: loadConfig(env), retaguardaIntervalMs: 3_600_000 });
    try {
      await sell(core, '1', 2990);
      await sell(core, '2', 849);
      core.services.retaguarda.scan();
      const { worker, repo } = core.services.outbox;
      const [op] = (core.db.prepare(`SELECT op_id FROM outbox WHERE kind = ?`).all(RETAGUARDA_KIND) as { op_id: string }[]).map((r) => r.op_id);
      expect(await worker.until(() => repo.byOpId(op)?.status === 'done', 30_000)).toBe(true);
      expect(dropped).toBe(1);
      expect(repo.byOpId(op)!.attempts).toBe(2);
      // The second attempt found everything already there (sales and the audit rows that went with them).
      expect((repo.byOpId(op)!.result as { applied: number }).applied).toBe(0);
      const [n] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sales WHERE till_id = $1', [t.tillId]);
      expect(n.n).toBe(2);
    } finally {
      core.close();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('a half-set pairing is refused with what is missing', () => {
    expect(() => loadConfig({ BALCAO_RETAGUARDA_URL: 'http://127.0.0.1:5200' })).toThrow('falta BALCAO_RETAGUARDA_CAIXA, BALCAO_RETAGUARDA_SEGREDO');
  });
});
