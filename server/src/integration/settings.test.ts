import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogCsv } from '../../../core/catalog/csv';
import * as admin from '../admin/service';
import { upsertProducts } from '../catalog/products';
import { runCommand } from '../cli';
import { engineKit, ENGINES, type EngineKit } from '../testing/harness';
import { storeFixture, type StoreFixture } from '../testing/fixture';

type Json = Record<string, unknown>;

describe.each(ENGINES)('store settings down and the catalog snapshot on %s', (engine) => {
  let kit: EngineKit;
  let fx: StoreFixture;
  let key: string;
  let salesOnly: string;

  const call = async (method: 'GET' | 'PUT', path: string, body?: unknown, k = key) => {
    const res = await fetch(`${fx.server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    kit = await engineKit(engine);
    fx = await storeFixture(kit);
    key = (await admin.createApiKey(fx.server.db, { name: 'erp', scopes: ['settings:write'], storeIds: [fx.storeId] })).key;
    salesOnly = (await admin.createApiKey(fx.server.db, { name: 'bi', scopes: ['sales:read'] })).key;
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    kit?.dispose();
  });

  it('PUT /v1/settings: validated with pt-BR messages, each changed key reaches the tills by the change cursor, unchanged ones do not', async () => {
    const [t] = fx.tills;
    const start = (await t.client.changes(0)).cursor;
    const bad = await call('PUT', `/v1/settings?store=${fx.storeId}`, { paymentForms: [1, 7], discountLimitPercent: 120 });
    expect(bad.status).toBe(400);
    expect((bad.body.error as Json).message).toContain('Forma de pagamento desconhecida');
    expect((bad.body.error as Json).message).toContain('O limite de desconto vai de 0 a 100%.');
    expect((await call('PUT', `/v1/settings?store=${fx.storeId}`, { corDoTema: 'azul' })).status).toBe(400);
    expect((await call('PUT', `/v1/settings?store=${fx.storeId}`, { discountLimitPercent: 5 }, salesOnly)).status).toBe(403);

    const header = { storeName: 'Loja Centro', storeCnpj: '54.517.628/0015-93', storeAddress: 'Rua A, 10 — Centro' };
    const ok = await call('PUT', `/v1/settings?store=${fx.storeId}`, { paymentForms: [1, 3, 4, 17], discountLimitPercent: 7.5, shiftToleranceCents: 500, receiptHeader: header });
    expect(ok.status).toBe(200);
    expect((ok.body.stores as Json[])[0]).toMatchObject({ storeId: fx.storeId, changed: ['paymentForms', 'discountLimitPercent', 'shiftToleranceCents', 'receiptHeader'] });
    const page = await t.client.changes(start);
    expect(Object.fromEntries(page.settings.map((s) => [s.key, s.value]))).toEqual({
      paymentForms: [1, 3, 4, 17],
      discountLimitPercent: 7.5,
      shiftToleranceCents: 500,
      receiptHeader: header,
    });
    // The same values again (keys in another order): nothing changes, nothing comes down.
    const again = await call('PUT', `/v1/settings`, { receiptHeader: { storeAddress: header.storeAddress, storeName: header.storeName, storeCnpj: header.storeCnpj }, shiftToleranceCents: 500 });
    expect((again.body.stores as Json[])[0].changed).toEqual([]);
    expect((await t.client.changes(page.cursor)).settings).toEqual([]);

    // The CLI, on the same code: tolerance in reais, one header field kept from the server's value.
    const out = (await runCommand(fx.server.db, ['settings:set', '--store', fx.storeId, '--tolerance', '2,50', '--receipt-name', 'Loja Centro 2'])) as Json;
    expect(out.changed).toEqual(['shiftToleranceCents', 'receiptHeader']);
    const next = await t.client.changes(page.cursor);
    expect(next.settings.map((s) => [s.key, s.value])).toEqual([
      ['shiftToleranceCents', 250],
      ['receiptHeader', { ...header, storeName: 'Loja Centro 2' }],
    ]);
    await expect(runCommand(fx.server.db, ['settings:set', '--store', fx.storeId, '--tolerance', '2.50'])).rejects.toThrow('Tolerância inválida: 2.50');
    expect((await call('GET', `/v1/settings`)).body).toEqual({
      stores: [{ storeId: fx.storeId, settings: { paymentForms: [1, 3, 4, 17], discountLimitPercent: 7.5, shiftToleranceCents: 250, receiptHeader: { ...header, storeName: 'Loja Centro 2' } } }],
    });
    // A new till gets them in the snapshot's first page, with the cursor to pull from.
    const snap = await t.client.snapshot(null, 0);
    expect(snap.products).toEqual([]);
    expect(snap.settings.map((s) => s.key).sort()).toEqual(['discountLimitPercent', 'paymentForms', 'receiptHeader', 'shiftToleranceCents']);
    expect(snap.cursor).toBe(next.cursor);
  });

  it('GET /v1/till/snapshot.csv: the whole catalog in the till\'s import format, gzip on the wire, taken at a cursor', async () => {
    const products = Array.from({ length: 45_000 }, (_, i) => ({ code: i + 1, description: `Item ${i + 1}`, priceCents: 100 + i, unit: 'UN', eans: [] as string[] }));
    products[2] = { ...products[2], description: 'Biscoito "Maria"; 200g', eans: ['7891234567895', '7894900011517'] };
    products[3] = { ...products[3], priceCents: 5 };
    await upsertProducts(fx.server.db, [fx.storeId], products);
    await fx.server.db.query('UPDATE products SET active = false WHERE store_id = $1 AND code = 10', [fx.storeId]);
    const [t] = fx.tills;
    const [{ change_seq }] = await fx.server.db.query<{ change_seq: number }>('SELECT change_seq FROM stores WHERE id = $1', [fx.storeId]);
    const snap = await t.client.snapshotCsv();
    expect(snap.cursor).toBe(change_seq);
    expect(snap.products).toBe(44_999);
    const text = await new Response(snap.body).text();
    const parsed = parseCatalogCsv(new TextEncoder().encode(text));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.length).toBe(44_999); // more than two pages; the inactive product is not there
    expect(parsed.rows.find((r) => r.code === 10)).toBeUndefined();
    expect(parsed.rows.find((r) => r.code === 3)).toMatchObject({ description: 'Biscoito "Maria"; 200g', eans: ['7891234567895', '7894900011517'], priceCents: 102 });
    expect(parsed.rows.find((r) => r.code === 4)?.priceCents).toBe(5);
    expect(parsed.rows.at(-1)).toMatchObject({ code: 45_000, priceCents: 45_099, unit: 'UN' });
    // Compressed on the wire when asked for.
    const { signRequest } = await import('../../../shared/retaguarda/sign');
    const raw = await fetch(`${fx.server.url}/v1/till/snapshot.csv`, { headers: { ...(await signRequest(t, 'GET', '/v1/till/snapshot.csv', '')), 'accept-encoding': 'gzip' } });
    expect(raw.headers.get('content-encoding')).toBe('gzip');
    await raw.arrayBuffer();
  });
});
