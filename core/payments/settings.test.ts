import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../app/compose';
import { loadConfig } from '../app/config';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { setupPix, type PixKit } from '../../test-support/pix-kit';
import { startPaymentSandbox } from '../../test-support/peers';

let core: (Core & { dataDir: string }) | null = null;
afterEach(() => {
  core?.close();
  core = null;
});

describe('Pagamentos settings', () => {
  it('validates naming the field, seals the Secret Key, and uses the sandbox demo credentials only while none are saved', async () => {
    const dataDir = tempDir();
    const demo = { accessKey: 'demo-a', secretKey: 'demo-s', clientId: 'demo-c' };
    core = await createTestCore({
      log: () => {},
      catalogCsv: '',
      dataDir,
      config: { ...loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_PAYMENT_URL: 'http://127.0.0.1:9' }), paymentSandboxCredentials: demo },
    });
    const s = core.services.payments.settings;
    expect(s.connection()).toMatchObject({ baseUrl: 'http://127.0.0.1:9', ...demo });
    const base = { baseUrl: '', accessKey: 'ak', secretKey: 'segredo-123456', clientId: '', wallet: '', forms: [1, 17] };
    const bad = await core.dispatch('payments.settings.save', base);
    expect(bad).toMatchObject({ ok: false, error: { code: 'payments.invalidSettings', details: { field: 'clientId' } } });
    expect((await core.dispatch('payments.settings.save', { ...base, clientId: 'cx', forms: [] })).ok).toBe(false);
    const ok = await core.dispatch('payments.settings.save', { ...base, clientId: 'cx' });
    expect(ok).toMatchObject({ ok: true, value: { hasSecret: true, secretHint: '••••••••3456', accessKey: 'ak' } });
    expect(JSON.stringify(ok)).not.toContain('segredo');
    const rows = core.db.prepare(`SELECT value FROM settings WHERE key LIKE 'payments.%'`).all() as { value: string }[];
    expect(rows.some((r) => r.value.includes('segredo'))).toBe(false);
    expect(s.connection()).toMatchObject({ accessKey: 'ak', secretKey: 'segredo-123456', clientId: 'cx' });
    // Blank Secret Key keeps the saved one.
    await core.dispatch('payments.settings.save', { ...base, clientId: 'cx2', secretKey: '' });
    expect(s.connection()).toMatchObject({ secretKey: 'segredo-123456', clientId: 'cx2' });
    expect(s.forms().filter((f) => f.enabled).map((f) => f.code)).toEqual([1, 17]);
  });
});

describe('sales.addPayment', () => {
  it('refuses PIX (17) and Carteira Digital (18) typed by hand: they come only from an approved charge', async () => {
    core = await createTestCore({ log: () => {} });
    await core.dispatch('sales.scan', { text: '7891234567895' });
    for (const formCode of [17, 18]) {
      expect(await core.dispatch('sales.addPayment', { formCode, amountCents: 100 })).toMatchObject({ ok: false, error: { code: 'payment.viaApi' } });
    }
    expect(await core.dispatch('sales.addPayment', { formCode: 20, amountCents: 100 })).toMatchObject({ ok: true });
  });
});

describe('Testar conexão (Pagamentos)', () => {
  let kit: PixKit | null = null;
  afterEach(async () => {
    await kit?.close();
    await kit?.sandbox.close();
    kit = null;
  });

  it('tries what is typed and saves NOTHING; a wrong typed field is refused like "Salvar" and nothing is sent', async () => {
    // The store got new keys: the API takes only those; the saved ones (setupPix: ak-loja / sk-segredo) are the old ones.
    kit = await setupPix({ sandbox: await startPaymentSandbox({ credentials: { accessKey: 'ak-nova', secretKey: 'sk-nova' }, refundSettleMs: 0 }) });
    const k = kit;
    const saved = { baseUrl: '', accessKey: 'ak-loja', secretKey: '', clientId: 'caixa-7', wallet: '', forms: [1, 3, 4, 11, 17, 18, 20] };
    const rows = () => k.core.db.prepare(`SELECT key, value FROM settings WHERE key LIKE 'payments.%' ORDER BY key`).all();
    const before = rows();
    const test = (settings?: unknown) => k.core.dispatch('payments.testConnection', settings === undefined ? {} : { settings });
    const lastAuth = () => k.sandbox.control.requests('pdvauth').at(-1)?.body;

    // The new keys typed and tested: the API received them, nothing was written.
    const typed = await test({ ...saved, accessKey: 'ak-nova', secretKey: 'sk-nova', clientId: 'caixa-9' });
    expect(typed).toMatchObject({ ok: true, value: { ok: true } });
    expect(lastAuth()).toEqual({ access_key: 'ak-nova', secret_key: 'sk-nova', client_id: 'caixa-9' });
    expect(rows()).toEqual(before);
    expect(k.core.services.payments.settings.connection()).toMatchObject({ accessKey: 'ak-loja', secretKey: 'sk-segredo', clientId: 'caixa-7' });
    // Without a draft the saved (old) keys are tried, and refused.
    expect(await test()).toMatchObject({ ok: true, value: { ok: false } });
    expect(lastAuth()).toMatchObject({ access_key: 'ak-loja', secret_key: 'sk-segredo' });

    // A wrong key typed: the API's refusal is shown, the saved keys stay.
    const wrong = await test({ ...saved, accessKey: 'ak-errada', secretKey: 'sk-nova' });
    expect(wrong).toMatchObject({ ok: true, value: { ok: false, message: 'A API de pagamento recusou as credenciais. Confira Access Key, Secret Key e Client ID em Configurações > Pagamentos.' } });
    expect(lastAuth()).toMatchObject({ access_key: 'ak-errada' });
    expect(rows()).toEqual(before);
    // A blank Secret Key field tries the stored one.
    await test({ ...saved, accessKey: 'ak-nova' });
    expect(lastAuth()).toMatchObject({ access_key: 'ak-nova', secret_key: 'sk-segredo' });

    // A typed field that is wrong is refused as "Salvar" refuses it (same message, field named) and nothing is sent.
    const sent = k.sandbox.control.requests().length;
    const otherUrl = { ...saved, baseUrl: 'http://127.0.0.1:9' };
    const refusedTest = await test(otherUrl);
    const refusedSave = await k.core.dispatch('payments.settings.save', otherUrl);
    expect(refusedTest).toMatchObject({ ok: false, error: { code: 'payments.invalidSettings', details: { field: 'secretKey' } } });
    expect(refusedTest.ok === false && refusedTest.error.message).toBe('O endereço da API mudou: digite a Secret Key de novo (a chave guardada não é enviada a outro endereço).');
    expect(refusedSave).toEqual(refusedTest);
    expect(await test({ ...saved, accessKey: 'ak com espaço' })).toMatchObject({ ok: false, error: { code: 'payments.invalidSettings', details: { field: 'accessKey' } } });
    expect(k.sandbox.control.requests()).toHaveLength(sent);
    expect(rows()).toEqual(before);
  });
});
