import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as admin from '../admin/service';
import { engineKit, ENGINES, type EngineKit } from '../testing/harness';
import { storeFixture, type StoreFixture } from '../testing/fixture';
import { makeCancellation, makeSale, makeShift } from '../testing/records';
import type { SaleOut } from './sales';

type Json = Record<string, unknown>;

describe.each(ENGINES)('integration API on %s', (engine) => {
  let kit: EngineKit;
  let fx: StoreFixture;
  let otherStore: string;
  let otherTill: { tillId: string; secret: string };
  let readKey: string;

  const get = async (path: string, key = readKey) => {
    const res = await fetch(`${fx.server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    kit = await engineKit(engine);
    fx = await storeFixture(kit);
    otherStore = (await admin.createStore(fx.server.db, { name: 'Loja Bairro', cnpj: '11222333000181' })).storeId;
    otherTill = await admin.createTill(fx.server.db, { storeId: otherStore, name: 'Caixa 1' });
    readKey = (await admin.createApiKey(fx.server.db, { name: 'erp', scopes: ['sales:read', 'shifts:read'] })).key;
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    kit?.dispose();
  });

  it('GET /v1/sales: the issue\'s shape, keyset pages without gaps or repeats, filters by till and status', async () => {
    const [a, b] = fx.tills;
    const salesA = Array.from({ length: 15 }, (_, i) => makeSale(a.tillId, i + 1));
    const salesB = Array.from({ length: 10 }, (_, i) => makeSale(b.tillId, i + 1));
    await a.client.ingest({ records: salesA.slice(0, 8) });
    await b.client.ingest({ records: salesB });
    await a.client.ingest({ records: salesA.slice(8) });
    const ids: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await get(`/v1/sales?since=2000-01-01T00:00:00Z&store=${fx.storeId}&limit=10${next ? `&cursor=${next}` : ''}`);
      expect(status).toBe(200);
      ids.push(...(body.sales as SaleOut[]).map((s) => s.id));
      next = body.next as string | null;
      pages++;
    } while (next);
    expect(pages).toBe(3);
    expect(ids.length).toBe(25);
    expect(new Set(ids).size).toBe(25);
    expect(new Set(ids)).toEqual(new Set([...salesA, ...salesB].map((s) => s.id)));

    const one = (await get(`/v1/sales?till=${a.tillId}&limit=1`)).body;
    const sale = (one.sales as SaleOut[])[0];
    const src = salesA.find((s) => s.id === sale.id)!;
    expect(sale).toEqual({
      id: src.id,
      storeId: fx.storeId,
      tillId: a.tillId,
      number: src.number,
      status: 'finalizada',
      finalizedAt: src.finalizedAt,
      totalCents: src.totals.netCents,
      payments: src.payments.map((p) => ({ formCode: p.formCode, amountCents: p.amountCents })),
      lines: src.lines.map((l) => ({ ean: l.ean, description: l.description, quantity: l.quantity, totalCents: l.netCents })),
    });
    expect(Object.keys(one)).toEqual(['sales', 'next']);
    expect(((await get(`/v1/sales?till=${b.tillId}&limit=100`)).body.sales as SaleOut[]).length).toBe(10);
    expect(((await get('/v1/sales?status=cancelada')).body.sales as SaleOut[]).length).toBe(0);
  });

  it('a cancellation brings the sale back after `since` with status "cancelada"', async () => {
    const [a] = fx.tills;
    const sale = makeSale(a.tillId, 500);
    await a.client.ingest({ records: [sale] });
    // `since` is a millisecond instant: the first one after the sale's own stamp (the client's clock right after
    // the answer can still be within the stamp's millisecond).
    const [{ ms }] = await fx.server.db.query<{ ms: number }>('SELECT floor(extract(epoch from updated_at) * 1000)::bigint AS ms FROM sales WHERE id = $1', [sale.id]);
    const mark = new Date(ms + 1).toISOString();
    expect(((await get(`/v1/sales?since=${mark}`)).body.sales as SaleOut[]).map((s) => s.id)).not.toContain(sale.id);
    await a.client.ingest({ records: [makeCancellation(a.tillId, sale.id)] });
    const after = (await get(`/v1/sales?since=${mark}&status=cancelada`)).body.sales as SaleOut[];
    expect(after.map((s) => [s.id, s.status])).toEqual([[sale.id, 'cancelada']]);
  });

  // PostgreSQL only: PGlite has one connection, so no writer can stay open beside a reader.
  if (engine === 'postgres') it('a sale committed late with an earlier stamp is not stepped over (listing stops below open writers)', async () => {
    const [a, b] = fx.tills;
    const x = makeSale(a.tillId, 700);
    const y = makeSale(b.tillId, 701);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    // A writer that takes its xid and stamps X, then stays open (as a slow ingest would).
    const writer = fx.server.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM tills WHERE id = $1 FOR UPDATE', [a.tillId]);
      await tx.query(
        `INSERT INTO sales (id, store_id, till_id, number, status, opened_at, finalized_at, operator_name, gross_cents, discount_cents,
           redemption_cents, surcharge_cents, total_cents, item_count, pay_mask, updated_at)
         VALUES ($1, $2, $3, 700, 'finalizada', now(), now(), 'Ana', 1, 0, 0, 0, 1, 1, 2, clock_timestamp())`,
        [x.id, fx.storeId, a.tillId],
      );
      started();
      await held;
    });
    await inside;
    await b.client.ingest({ records: [y] }); // committed, stamped after X
    const during = ((await get('/v1/sales?limit=1000')).body.sales as SaleOut[]).map((s) => s.id);
    expect(during).not.toContain(y.id);
    expect(during).not.toContain(x.id);
    release();
    await writer;
    const afterIds = ((await get('/v1/sales?limit=1000')).body.sales as SaleOut[]).map((s) => s.id);
    expect(afterIds.indexOf(x.id)).toBeGreaterThanOrEqual(0);
    expect(afterIds.indexOf(x.id)).toBeLessThan(afterIds.indexOf(y.id));
  });

  it('a key limited to one store sees only it and is refused another', async () => {
    const t = otherTill;
    const { createRetaguardaClient } = await import('../../../shared/retaguarda/client');
    await createRetaguardaClient({ url: fx.server.url, ...t }).ingest({ records: [makeSale(t.tillId, 1)] });
    const scoped = (await admin.createApiKey(fx.server.db, { name: 'bairro', scopes: ['sales:read'], storeIds: [otherStore] })).key;
    const mine = (await get('/v1/sales', scoped)).body.sales as SaleOut[];
    expect(mine.map((s) => s.storeId)).toEqual([otherStore]);
    const refused = await get(`/v1/sales?store=${fx.storeId}`, scoped);
    expect(refused.status).toBe(403);
    expect((refused.body.error as Json).message).toBe(`Esta chave não dá acesso à loja ${fx.storeId}.`);
  });

  it('wrong, revoked, missing or under-scoped credentials are refused with pt-BR messages', async () => {
    const k = await admin.createApiKey(fx.server.db, { name: 'tmp', scopes: ['sales:read'] });
    expect((await get('/v1/sales', k.key)).status).toBe(200);
    await admin.revokeApiKey(fx.server.db, k.id);
    const revoked = await get('/v1/sales', k.key);
    expect([revoked.status, (revoked.body.error as Json).message]).toEqual([401, 'Chave de API revogada: crie ou peça uma nova.']);
    const wrong = await get('/v1/sales', k.key.slice(0, -3) + 'abc');
    expect([wrong.status, (wrong.body.error as Json).message]).toEqual([401, 'Chave de API inválida.']);
    const none = await fetch(`${fx.server.url}/v1/sales`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: Json }).error.message).toContain('Authorization: Bearer');
    const scope = await get('/v1/shifts', (await admin.createApiKey(fx.server.db, { name: 's', scopes: ['sales:read'] })).key);
    expect([scope.status, (scope.body.error as Json).message]).toEqual([403, 'Esta chave não tem o escopo shifts:read.']);
    expect((await get('/v1/sales?since=ontem')).body.error).toMatchObject({ message: expect.stringContaining('since inválido') });
    expect((await get('/v1/sales?cursor=xyz')).status).toBe(400);
  });

  it('GET /v1/shifts lists shifts changed since, closed ones with their closing', async () => {
    const [a] = fx.tills;
    const shift = makeShift(a.tillId, false);
    await a.client.ingest({ records: [shift] });
    await a.client.ingest({ records: [makeShift(a.tillId, true, shift.id)] });
    const { body } = await get('/v1/shifts');
    const row = (body.shifts as Json[]).find((s) => s.id === shift.id)!;
    expect(row).toMatchObject({ status: 'fechado', tillId: a.tillId, storeId: fx.storeId, openingFloatCents: 10_000, closedBy: 'Ana' });
    expect(body.next).toBeNull();
  });

  it('PUT /v1/products: the till\'s CSV format reaches every till of the key\'s stores through the change cursor', async () => {
    const writeKey = (await admin.createApiKey(fx.server.db, { name: 'erp-w', scopes: ['products:write'], storeIds: [fx.storeId] })).key;
    const put = (body: string, type = 'text/csv; charset=utf-8') =>
      fetch(`${fx.server.url}/v1/products`, { method: 'PUT', headers: { authorization: `Bearer ${writeKey}`, 'content-type': type }, body });
    const before = await fx.tills[1].client.changes(0, 5000);
    const csv = 'codigo;ean;descricao;preco;unidade\n101;7891234567895;Café Torrado 500g;21,90;PCT\n102;;Açúcar 1kg;4,59;UN\nx;;Sem código;1,00;UN\n';
    const res = await put(csv);
    expect(res.status).toBe(200);
    const out = (await res.json()) as { imported: number; errors: { line: number; message: string }[] };
    expect(out.imported).toBe(2);
    expect(out.errors.map((e) => e.line)).toEqual([4]);
    for (const t of fx.tills) {
      const page = await t.client.changes(before.cursor, 5000);
      expect(page.products.map((p) => [p.code, p.priceCents, p.description])).toEqual([
        [101, 2190, 'Café Torrado 500g'],
        [102, 459, 'Açúcar 1kg'],
      ]);
      expect(page.products[0].eans).toEqual(['7891234567895']);
    }
    const other = await admin.createTill(fx.server.db, { storeId: otherStore, name: 'Caixa 2' });
    const { createRetaguardaClient } = await import('../../../shared/retaguarda/client');
    expect((await createRetaguardaClient({ url: fx.server.url, ...other }).changes(0)).products).toEqual([]);
    const wrongType = await put(csv, 'application/json');
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { error: Json }).error.message).toContain('text/csv');
    const readOnly = await fetch(`${fx.server.url}/v1/products`, { method: 'PUT', headers: { authorization: `Bearer ${readKey}`, 'content-type': 'text/csv' }, body: csv });
    expect(readOnly.status).toBe(403);
  });
});
