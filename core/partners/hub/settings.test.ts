import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubKeyFile } from './index';
import { FileKeySealer } from '../../kernel/sealer';
import { SettingsError } from './settings';
import { TOKEN, setupHub, type HubKit } from '../../../test-support/hub-kit';

let kit: HubKit;
beforeEach(async () => {
  kit = await setupHub({ save: false, timeoutMs: 300 });
});
afterEach(async () => {
  await kit.close();
});

const valid = { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0 as const, active: true };
const settingsRows = () => kit.db.prepare(`SELECT * FROM hub_company_settings`).all();
const enabledRow = () => kit.db.prepare(`SELECT value FROM settings WHERE key = 'loyalty.hubEnabled'`).get();

function saveError(input: unknown): SettingsError {
  try {
    kit.loyalty.settings.save(input);
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return e as SettingsError;
  }
  throw new Error('deveria recusar');
}

describe('Hub Fidelidade (Novo) settings', () => {
  it('starts switched off with the partners and the store company (read-only name and CNPJ)', () => {
    const v = kit.loyalty.settings.view();
    expect(v.hubEnabled).toBe(false);
    expect(v.partnerId).toBeNull();
    expect(v.partners.map((p) => [p.name, p.productDescription])).toEqual([
      ['Hub Fidelidade Sandbox', 'Microvix'],
      ['Hub Fidelidade Sandbox (Seta)', 'Seta'],
    ]);
    expect(v.companies).toEqual([{ companyId: 1, name: 'Loja Balcão', cnpj: '54517628001593', cnpjValid: true, hasKey: false, keyHint: null, environment: 0, active: false }]);
    expect(kit.loyalty.settings.status()).toEqual({ hubEnabled: false, ready: false, partnerName: null, environment: null });
  });

  it('a key of 601 characters is refused naming the field; nothing saved', () => {
    const e = saveError({ ...valid, integrationKey: 'k'.repeat(601) });
    expect(e.field).toBe('integrationKey');
    expect(e.message).toBe('Chave de Integração com 601 caracteres: o máximo é 600.');
    expect(settingsRows()).toEqual([]);
    expect(enabledRow()).toBeUndefined();
  });

  it('a key of exactly 600 characters is accepted', () => {
    expect(kit.loyalty.settings.save({ ...valid, integrationKey: 'k'.repeat(600) }).companies[0].hasKey).toBe(true);
  });

  it('an empty key (none stored yet) is refused; whitespace counts as empty', () => {
    expect(saveError({ ...valid, integrationKey: '' })).toMatchObject({ field: 'integrationKey', message: 'Preencha a Chave de Integração.' });
    expect(saveError({ ...valid, integrationKey: '   ' }).field).toBe('integrationKey');
    expect(settingsRows()).toEqual([]);
  });

  it('a key with a line break or accents is refused (it travels as an HTTP header)', () => {
    expect(saveError({ ...valid, integrationKey: 'abc\ndef' }).field).toBe('integrationKey');
    expect(saveError({ ...valid, integrationKey: 'chave-ção' }).field).toBe('integrationKey');
  });

  it('a company CNPJ with wrong check digits is refused naming the CNPJ; nothing saved', () => {
    kit.db.prepare(`UPDATE companies SET cnpj = '54517628001594' WHERE id = 1`).run();
    expect(kit.loyalty.settings.view().companies[0].cnpjValid).toBe(false);
    const e = saveError(valid);
    expect(e.field).toBe('cnpj');
    expect(e.message).toBe('CNPJ da empresa inválido (54.517.628/0015-94): confira os dígitos verificadores no cadastro da empresa.');
    expect(settingsRows()).toEqual([]);
  });

  it('no partner selected is refused when the hub is on', () => {
    expect(saveError({ ...valid, partnerId: null })).toMatchObject({ field: 'partnerId', message: 'Selecione o parceiro do Hub Fidelidade.' });
    expect(saveError({ ...valid, partnerId: 99 }).field).toBe('partnerId');
  });

  it('switching the hub off needs no key', () => {
    const v = kit.loyalty.settings.save({ ...valid, hubEnabled: false, active: false, integrationKey: '', partnerId: null });
    expect(v.hubEnabled).toBe(false);
  });

  it('saves the key SEALED, shows it back only masked, keeps it when the field is left empty', () => {
    const v = kit.loyalty.settings.save(valid);
    expect(v.companies[0]).toMatchObject({ hasKey: true, keyHint: '••••••••' + TOKEN.slice(-4), environment: 0, active: true });
    expect(JSON.stringify(v)).not.toContain(TOKEN);
    const row = kit.db.prepare(`SELECT key_sealed FROM hub_company_settings`).get() as { key_sealed: Buffer };
    expect(row.key_sealed.includes(Buffer.from(TOKEN))).toBe(false);
    expect(row.key_sealed.includes(Buffer.from(TOKEN.slice(0, 16)))).toBe(false);
    expect(fs.readFileSync(`${kit.dir}/balcao.db`).includes(Buffer.from(TOKEN.slice(0, 24)))).toBe(false);
    // Edit environment only: the key stays.
    kit.loyalty.settings.save({ ...valid, integrationKey: '', environment: 1 });
    expect(kit.loyalty.settings.connection('ConsultarSaldo')).toMatchObject({ token: TOKEN, environment: 1, cnpj: '54517628001593', productDescription: 'Microvix', timeoutMs: 300 });
    expect(kit.loyalty.settings.status()).toEqual({ hubEnabled: true, ready: true, partnerName: 'Hub Fidelidade Sandbox', environment: 1 });
    // The opened key is kept for the calls that follow, and a new key saved is the one the next call sends.
    kit.loyalty.settings.save({ ...valid, integrationKey: 'outra-chave-de-integracao' });
    expect(kit.loyalty.settings.connection('ConsultarSaldo').token).toBe('outra-chave-de-integracao');
    kit.loyalty.settings.save(valid);
    expect(kit.loyalty.settings.connection('GerarBonus').token).toBe(TOKEN);
  });

  it('the key file is created with mode 0600 and another key file cannot open the secret', () => {
    kit.loyalty.settings.save(valid);
    const file = hubKeyFile(kit.dir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const sealed = kit.db.prepare(`SELECT key_sealed FROM hub_company_settings`).get() as { key_sealed: Buffer };
    expect(new FileKeySealer(file).open(sealed.key_sealed)).toBe(TOKEN);
    const other = new FileKeySealer(`${kit.dir}/other.key`);
    expect(() => other.open(sealed.key_sealed)).toThrow();
  });

  it('with the hub off, the client refuses before storing or sending anything', async () => {
    kit.loyalty.settings.save({ ...valid, hubEnabled: false });
    await expect(kit.loyalty.client.enviarPin({ cpf: '52998224725', pinType: 1 })).rejects.toMatchObject({
      code: 'hub.notConfigured',
      message: 'O novo Hub Fidelidade está desligado nas configurações.',
    });
    expect(kit.loyalty.operations.list()).toEqual([]);
    expect(kit.sandbox.control.requests()).toEqual([]);
  });
});

describe('Testar conexão', () => {
  it('says the connection works, with the time it took', async () => {
    kit.loyalty.settings.save(valid);
    const r = await kit.loyalty.testConnection();
    expect(r).toMatchObject({ ok: true, kind: 'ok' });
    expect(r.message).toMatch(/^Conexão bem-sucedida: o parceiro Hub Fidelidade Sandbox respondeu em \d+ ms \(ambiente Homologação\)\.$/);
    expect(kit.sandbox.control.requests('ConsultarSaldo')).toHaveLength(1);
  });

  it('tests what is typed and saves NOTHING: only "Salvar" saves the key', async () => {
    // Nothing saved yet: the typed settings are tried as they are.
    const typed = await kit.loyalty.testConnection({ ...valid, hubEnabled: false });
    expect(typed).toMatchObject({ ok: true, kind: 'ok' });
    expect(kit.sandbox.control.requests('ConsultarSaldo')).toHaveLength(1);
    expect(settingsRows()).toEqual([]);
    expect(enabledRow()).toBeUndefined();
    // Saved with the good key; a wrong key typed and tested is refused by the hub and the saved key stays.
    kit.loyalty.settings.save(valid);
    const before = settingsRows();
    kit.sandbox.control.setTokens([TOKEN]);
    const wrong = await kit.loyalty.testConnection({ ...valid, integrationKey: 'outra-chave' });
    expect(wrong.message).toBe('O parceiro respondeu, mas recusou a consulta: Chave de Integração inválida para este parceiro. (código 11).');
    expect(settingsRows()).toEqual(before);
    expect(kit.loyalty.settings.connection('ConsultarSaldo').token).toBe(TOKEN);
    // A blank key field tries the stored key.
    expect((await kit.loyalty.testConnection({ ...valid, integrationKey: '' })).ok).toBe(true);
    // A typed field that is wrong is refused like "Salvar" would, naming the field, and nothing is sent.
    const sent = kit.sandbox.control.requests().length;
    await expect(kit.loyalty.testConnection({ ...valid, integrationKey: 'chave com acentuação' })).rejects.toMatchObject({ code: 'loyalty.invalidSettings', details: { field: 'integrationKey' } });
    expect(kit.sandbox.control.requests()).toHaveLength(sent);
  });

  it('works before the switch is on (configure, test, then enable)', async () => {
    kit.loyalty.settings.save({ ...valid, hubEnabled: false });
    expect((await kit.loyalty.testConnection()).ok).toBe(true);
  });

  it('says what went wrong: hub down, 500, refused key, out-of-standard, not configured', async () => {
    expect(await kit.loyalty.testConnection()).toMatchObject({ ok: false, kind: 'notConfigured', message: 'Selecione e salve o parceiro em Integração > Hub Fidelidade (Novo).' });
    kit.loyalty.settings.save(valid);
    await kit.sandbox.control.setDown(true);
    const down = await kit.loyalty.testConnection();
    expect(down).toMatchObject({ ok: false, kind: 'communication' });
    expect(down.message).toBe('Falha de comunicação: Não foi possível conectar ao Hub Fidelidade (conexão recusada): o serviço parece fora do ar.');
    await kit.sandbox.control.setDown(false);
    kit.sandbox.control.setFault({ route: 'ConsultarSaldo', kind: 'http500', times: 1 });
    expect((await kit.loyalty.testConnection()).message).toBe('Falha de comunicação: O parceiro está com erro interno (HTTP 500) na operação ConsultarSaldo. Tente novamente em instantes.');
    kit.sandbox.control.setTokens(['outra']);
    expect((await kit.loyalty.testConnection()).message).toBe('O parceiro respondeu, mas recusou a consulta: Chave de Integração inválida para este parceiro. (código 11).');
    kit.sandbox.control.setTokens(null);
    kit.sandbox.control.setFault({ route: 'ConsultarSaldo', kind: 'malformed', malformed: 'wrong-shape', times: 1 });
    expect(await kit.loyalty.testConnection()).toMatchObject({ ok: false, kind: 'outOfStandard' });
  });
});
