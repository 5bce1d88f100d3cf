import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../app/compose';
import { loadConfig } from '../app/config';
import { createTestCore, tempDir } from '../../test-support/fixtures';

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
