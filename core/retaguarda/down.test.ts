import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_OWNED_MESSAGE } from '../../shared/api/retaguarda';
import type { PaymentSettingsView, PaymentFormView } from '../../shared/api/payments';
import type { PrinterSettings } from '../../shared/api/printing';
import type { Product } from '../../shared/api/catalog';
import * as admin from '../../server/src/admin/service';
import { setStoreSettings } from '../../server/src/admin/settings';
import { upsertProducts } from '../../server/src/catalog/products';
import type { RunningServer } from '../../server/src/app';
import { engineKit, type EngineKit } from '../../server/src/testing/harness';
import { loadConfig } from '../app/config';
import { callCore, createTestCore, failCore, tempDir } from '../../test-support/fixtures';

/** Down (server → till) against a real Retaguarda (PGlite) over real HTTP: store settings, ownership, snapshot. */
describe('Retaguarda → till: store settings, what the server owns, the catalog snapshot', () => {
  let kit: EngineKit;
  let server: RunningServer;
  let storeId: string;

  beforeAll(async () => {
    kit = await engineKit('pglite');
    server = await kit.start(await kit.freshConfig());
    storeId = (await admin.createStore(server.db, { name: 'Loja Centro', cnpj: '54517628001593' })).storeId;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    kit?.dispose();
  });

  it('store settings set on the server apply at the paired till; local edits of what the server owns are refused with where to change them, the till\'s own settings stay editable', async () => {
    const t = await admin.createTill(server.db, { storeId, name: 'Caixa 1' });
    const dataDir = tempDir();
    const core = await createTestCore({ dataDir, config: loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0' }), retaguardaIntervalMs: 3_600_000 });
    try {
      // Alone, the Gerente edits everything here.
      await callCore(core, 'users.create', { name: 'Ana', role: 'caixa', pin: '1357' });
      const printer = await callCore<PrinterSettings>(core, 'printing.getSettings');
      await callCore(core, 'printing.saveSettings', { ...printer, paperMm: 58, interface: 'tcp://127.0.0.1:9100' });
      expect(await callCore(core, 'retaguarda.ownership')).toEqual({ paired: false, storeName: null });

      await callCore(core, 'retaguarda.connect', { url: server.url, tillId: t.tillId, secret: t.secret });
      await core.services.retaguardaPull.pull();
      const header = { storeName: 'Loja Centro', storeCnpj: '54.517.628/0015-93', storeAddress: 'Rua A, 10' };
      await setStoreSettings(server.db, storeId, { paymentForms: [1, 3, 4, 17], discountLimitPercent: 7.5, shiftToleranceCents: 500, receiptHeader: header });
      expect(await core.services.retaguardaPull.pull()).toBe(4);

      const forms = await callCore<PaymentFormView[]>(core, 'payments.forms');
      expect(forms.filter((f) => f.enabled).map((f) => f.code)).toEqual([1, 3, 4, 17]);
      expect((await callCore<{ settings: { discountLimitPercent: number } }>(core, 'users.state')).settings.discountLimitPercent).toBe(7.5);
      expect(core.services.shifts.toleranceCents()).toBe(500);
      const printed = await callCore<PrinterSettings>(core, 'printing.getSettings');
      expect(printed).toMatchObject({ ...header, paperMm: 58, interface: 'tcp://127.0.0.1:9100' }); // the printer stays this till's
      expect(await callCore(core, 'retaguarda.ownership')).toEqual({ paired: true, storeName: 'Loja Centro' });

      // What the server owns: refused in the core, saying where to change it.
      const csv = Buffer.from('codigo;ean;descricao;preco;unidade\n50;;Pão;1,00;UN\n').toString('base64');
      expect(await failCore(core, 'catalog.import', { fileName: 'x.csv', contentBase64: csv })).toMatchObject({
        code: 'retaguarda.serverOwned',
        message: 'Este caixa está ligado à retaguarda: altere produtos e preços no painel da retaguarda (Produtos) ou pela integração (PUT /v1/products).',
      });
      expect(await callCore(core, 'catalog.lookup', { code: '50' })).toBeNull();
      const ana = (await callCore<{ id: number; name: string }[]>(core, 'users.list')).find((u) => u.name === 'Ana')!;
      expect((await failCore(core, 'users.create', { name: 'Bia', role: 'caixa', pin: '2468' })).message).toBe(SERVER_OWNED_MESSAGE.users);
      expect((await failCore(core, 'users.resetPin', { id: ana.id, pin: '9753' })).message).toBe(SERVER_OWNED_MESSAGE.users);
      expect((await failCore(core, 'users.setRole', { id: ana.id, role: 'gerente' })).message).toBe(SERVER_OWNED_MESSAGE.users);
      expect((await failCore(core, 'users.setActive', { id: ana.id, active: false })).message).toBe(SERVER_OWNED_MESSAGE.users);
      expect((await failCore(core, 'users.saveSettings', { autoLockMinutes: 5, discountLimitPercent: 20 })).message).toBe(
        'Este caixa está ligado à retaguarda: o limite de desconto é configuração da loja; altere na retaguarda (npm run server -- settings:set ou PUT /v1/settings) e ela chega a todos os caixas.',
      );
      expect((await failCore(core, 'shifts.setTolerance', { toleranceCents: 100 })).message).toBe(SERVER_OWNED_MESSAGE.tolerance);
      const pay = await callCore<PaymentSettingsView>(core, 'payments.settings.get');
      const payInput = { baseUrl: pay.baseUrl, accessKey: pay.accessKey, secretKey: '', clientId: pay.clientId, wallet: 'pix', forms: [1, 3, 4, 17, 20] };
      expect((await failCore(core, 'payments.settings.save', payInput)).message).toBe(SERVER_OWNED_MESSAGE.paymentForms);
      expect((await failCore(core, 'printing.saveSettings', { ...printed, storeName: 'Outra Loja' })).message).toBe(SERVER_OWNED_MESSAGE.receiptHeader);

      // The till's own settings: the same screens save when the store's part is left as it came.
      expect(await callCore(core, 'users.saveSettings', { autoLockMinutes: 15, discountLimitPercent: 7.5 })).toEqual({ autoLockMinutes: 15, discountLimitPercent: 7.5 });
      expect((await callCore<PaymentSettingsView>(core, 'payments.settings.save', { ...payInput, forms: [17, 4, 3, 1] })).wallet).toBe('pix');
      expect((await callCore<PrinterSettings>(core, 'printing.saveSettings', { ...printed, paperMm: 80 })).paperMm).toBe(80);
      expect(await callCore(core, 'shifts.setTolerance', { toleranceCents: 500 })).toEqual({ toleranceCents: 500 });

      // Changed again on the server: the till follows.
      await setStoreSettings(server.db, storeId, { discountLimitPercent: 3, receiptHeader: { ...header, storeAddress: 'Av. B, 20' } });
      expect(await core.services.retaguardaPull.pull()).toBe(2);
      expect((await callCore<{ settings: { discountLimitPercent: number } }>(core, 'users.state')).settings).toEqual({ autoLockMinutes: 15, discountLimitPercent: 3 });
      expect(await callCore<PrinterSettings>(core, 'printing.getSettings')).toMatchObject({ storeAddress: 'Av. B, 20', paperMm: 80 });
    } finally {
      core.close();
    }
  });

  it('a new till gets the catalog by one snapshot (not row by row), then continues incrementally from the snapshot\'s cursor', async () => {
    const store2 = (await admin.createStore(server.db, { name: 'Loja Bairro', cnpj: '11222333000181' })).storeId;
    const products = Array.from({ length: 30_000 }, (_, i) => ({ code: i + 1, description: `Produto ${i + 1}`, priceCents: 100 + i, unit: 'UN', eans: [] as string[] }));
    products[41] = { code: 42, description: 'Café Pilão "Tradicional"; 500g', priceCents: 1890, unit: 'PCT', eans: ['7891910000197'] };
    products[99] = { ...products[99], unit: 'KG' };
    await upsertProducts(server.db, [store2], products);
    await admin.createUser(server.db, { storeId: store2, name: 'Bia', role: 'caixa', pin: '246813' });
    await setStoreSettings(server.db, store2, { discountLimitPercent: 4 });
    const t = await admin.createTill(server.db, { storeId: store2, name: 'Caixa novo' });
    const dataDir = tempDir();
    const env = { BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: server.url, BALCAO_RETAGUARDA_CAIXA: t.tillId, BALCAO_RETAGUARDA_SEGREDO: t.secret };
    const logs: string[] = [];
    const core = await createTestCore({ dataDir, catalogCsv: '', config: loadConfig(env), retaguardaIntervalMs: 3_600_000, log: (l) => logs.push(l) });
    try {
      await core.services.retaguardaPull.pull(); // the start-up pull: the snapshot
      expect(logs.filter((l) => l.startsWith('retaguarda: catálogo recebido por snapshot'))).toEqual(['retaguarda: catálogo recebido por snapshot (30000 produtos), cursor 30002']);
      expect(await callCore(core, 'catalog.stats')).toEqual({ products: 30_000, eans: 1 });
      expect(await callCore<Product>(core, 'catalog.lookup', { code: '7891910000197' })).toMatchObject({ code: 42, description: 'Café Pilão "Tradicional"; 500g', priceCents: 1890, unit: 'PCT' });
      expect(await callCore<Product>(core, 'catalog.lookup', { code: '100' })).toMatchObject({ unit: 'KG', fractional: true });
      expect((await callCore<Product[]>(core, 'catalog.search', { query: 'pilao', limit: 5 })).map((p) => p.code)).toEqual([42]); // the name index too
      expect((await callCore<{ users: { name: string }[] }>(core, 'users.state')).users.map((u) => u.name)).toContain('Bia');
      expect((await callCore<{ settings: { discountLimitPercent: number } }>(core, 'users.state')).settings.discountLimitPercent).toBe(4);
      expect(core.services.retaguardaPull.cursor()).toBe(30_002);
      expect(await core.services.retaguardaPull.pull()).toBe(0); // nothing again, no second snapshot

      await upsertProducts(server.db, [store2], [{ ...products[41], priceCents: 1990 }]);
      expect(await core.services.retaguardaPull.pull()).toBe(1);
      expect(await callCore<Product>(core, 'catalog.lookup', { code: '42' })).toMatchObject({ priceCents: 1990 });
      expect(logs.filter((l) => l.includes('snapshot')).length).toBe(1);
    } finally {
      core.close();
    }
  });
});
