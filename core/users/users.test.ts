import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/sales';
import type { PermissionAction, UsersState } from '../../shared/api/users';
import { loadConfig } from '../app/config';
import { callCore, createTestCore, tempDir, TEST_CATALOG_CSV } from '../../test-support/fixtures';
import { PERMISSIONS } from './permissions';
import { hashPin, verifyPin } from './pin';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;
let core: TestCore;
let clock = new Date('2026-11-30T10:00:00Z');
const logs: string[] = [];

afterEach(() => core?.close());

async function start(adminPin: string | null = '432100'): Promise<TestCore> {
  clock = new Date('2026-11-30T10:00:00Z');
  logs.length = 0;
  const dataDir = tempDir();
  core = await createTestCore({
    dataDir,
    provision: adminPin !== null,
    now: () => clock,
    log: (l) => logs.push(l),
    config: { ...loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0' }), adminPin },
  });
  return core;
}

const call = <T = Sale>(method: string, input: unknown = {}): Promise<T> => callCore<T>(core, method, input);

async function fail(method: string, input: unknown = {}) {
  const r = await core.dispatch(method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

const gerenteId = () => (core.db.prepare(`SELECT id FROM operators WHERE name = 'Gerente'`).get() as { id: number }).id;

async function addOperator(name = 'Ana Caixa', pin = '1111'): Promise<number> {
  const u = await call<{ id: number }>('users.create', { name, role: 'caixa', pin });
  return u.id;
}

describe('PIN hashing', () => {
  it('scrypt with a per-user salt: same PIN, different hashes; verify in constant time', async () => {
    const a = await hashPin('123456');
    const b = await hashPin('123456');
    expect(a.hash).not.toBe(b.hash);
    expect(a.salt).not.toBe(b.salt);
    expect(await verifyPin('123456', a.hash, a.salt)).toBe(true);
    expect(await verifyPin('123457', a.hash, a.salt)).toBe(false);
  });

  it('no plain PIN anywhere in the database file or the logs', async () => {
    await start('908172');
    await call('users.login', { userId: gerenteId(), pin: '908172' });
    const id = await addOperator('Bruna', '55667788');
    await call('users.resetPin', { id, pin: '44332211' });
    await fail('users.login', { userId: id, pin: '99990000' });
    await call('users.login', { userId: id, pin: '44332211' });
    core.close();
    const dbFiles = fs.readdirSync(core.dataDir).filter((f) => f.startsWith('balcao.db'));
    const bytes = Buffer.concat(dbFiles.map((f) => fs.readFileSync(path.join(core.dataDir, f))));
    for (const pin of ['908172', '55667788', '44332211', '99990000']) {
      expect(bytes.includes(Buffer.from(pin))).toBe(false);
      expect(logs.join('\n')).not.toContain(pin);
    }
    const rows = (await import('../db/open')).openDatabase(path.join(core.dataDir, 'balcao.db'));
    const ops = rows.prepare(`SELECT pin_hash, pin_salt FROM operators WHERE pin_hash IS NOT NULL`).all() as { pin_hash: string }[];
    expect(ops.length).toBe(2);
    rows.close();
  });
});

describe('first access and login', () => {
  it('a fresh database asks for "Primeiro acesso"; it creates the first Gerente and logs in', async () => {
    await start(null);
    let s = await call<UsersState>('users.state');
    expect(s.needsFirstAccess).toBe(true);
    expect((await fail('sales.scan', { text: '1' })).code).toBe('auth.loginRequired');
    expect((await fail('users.firstAccess', { name: 'Marta', pin: '246800', pinConfirm: '246900' })).code).toBe('users.pinMismatch');
    // The first Gerente's PIN has 6 to 8 digits.
    expect((await fail('users.firstAccess', { name: 'Marta', pin: '2468', pinConfirm: '2468' })).code).toBe('users.managerPinShort');
    expect((await fail('users.firstAccess', { name: 'Marta', pin: '12', pinConfirm: '12' })).code).toBe('api.invalidInput');
    s = await call<UsersState>('users.firstAccess', { name: 'Marta', pin: '246800', pinConfirm: '246800' });
    expect(s).toMatchObject({ needsFirstAccess: false, session: { name: 'Marta', role: 'gerente' }, locked: false });
    expect((await fail('users.firstAccess', { name: 'Outra', pin: '246800', pinConfirm: '246800' })).code).toBe('users.alreadySetUp');
    // Before that, nothing but the public methods answered; now the Gerente imports the catalog and sells.
    await call('catalog.import', { fileName: 'test.csv', contentBase64: Buffer.from(TEST_CATALOG_CSV).toString('base64') });
    // The sale names its operator.
    const sale = await call('sales.scan', { text: '1' });
    expect(sale.operator.name).toBe('Marta');
  });

  it('BALCAO_ADMIN_PIN: the Gerente "Gerente" exists with that PIN; a restart keeps who was at the till, locked', async () => {
    await start('432100');
    expect((await call<UsersState>('users.state')).needsFirstAccess).toBe(false);
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    const dataDir = core.dataDir;
    core.close();
    core = await createTestCore({ dataDir, catalogCsv: '', provision: false, config: { ...loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0' }), adminPin: null } });
    expect(await call<UsersState>('users.state')).toMatchObject({ session: { name: 'Gerente' }, locked: true });
  });

  it('5 wrong PINs → 60 s wait (even the right PIN), counted in the database', async () => {
    await start();
    const id = gerenteId();
    for (let i = 1; i <= 4; i++) expect((await fail('users.login', { userId: id, pin: '0000' })).code).toBe('users.wrongPin');
    const fifth = await fail('users.login', { userId: id, pin: '0000' });
    expect(fifth.code).toBe('users.lockedOut');
    expect(fifth.message).toContain('Aguarde 60 segundos');
    expect((await fail('users.login', { userId: id, pin: '432100' })).code).toBe('users.lockedOut');
    clock = new Date(clock.getTime() + 59_000);
    expect((await fail('users.login', { userId: id, pin: '432100' })).message).toContain('Aguarde 1 segundos');
    clock = new Date(clock.getTime() + 1_000);
    const s = await call<UsersState>('users.login', { userId: id, pin: '432100' });
    expect(s.session?.name).toBe('Gerente');
  });

  it('unlocking as another user during an open sale keeps the sale and records the change', async () => {
    await start();
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    const ana = await addOperator('Ana Caixa', '1111');
    const sale = await call('sales.scan', { text: '1' });
    await call('users.lock');
    expect((await call<UsersState>('users.state')).locked).toBe(true);
    await call('users.login', { userId: ana, pin: '1111' });
    const after = await call('sales.current');
    expect(after.id).toBe(sale.id);
    expect(after.lines.length).toBe(1);
    expect(after.operator.name).toBe('Ana Caixa');
    const audit = await fail('audit.list', {}); // an Operador cannot read the audit
    expect(audit.code).toBe('auth.approvalRequired');
    const row = core.db.prepare(`SELECT * FROM audit_log WHERE action = 'sessao.troca'`).get() as { sale_id: string; details_json: string; operator_name: string };
    expect(row.sale_id).toBe(sale.id);
    expect(row.operator_name).toBe('Ana Caixa');
    expect(JSON.parse(row.details_json).from.name).toBe('Gerente');
  });
});

describe('the login gate in the core', () => {
  it('locked or logged out: no change to the sale and no reads either; the open sale stays', async () => {
    await start();
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    await call('sales.scan', { text: '1' });
    await call('users.lock');
    expect((await fail('sales.scan', { text: '2' })).code).toBe('auth.locked');
    expect((await fail('sales.setSaleDiscount', { cents: 1 })).code).toBe('auth.locked');
    expect((await fail('sales.current')).code).toBe('auth.locked');
    expect(core.services.sales.current().lines.length).toBe(1);
    await call('users.logout');
    expect((await fail('sales.finalize')).code).toBe('auth.loginRequired');
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    expect((await call('sales.scan', { text: '2' })).lines.length).toBe(2);
  });

  it('BALCAO_ADMIN_PIN reaches the config', () => {
    expect(loadConfig({ BALCAO_ADMIN_PIN: '2580' }).adminPin).toBe('2580');
    expect(loadConfig({}).adminPin).toBeNull();
  });
});

describe('permissions and one-shot approval', () => {
  it('matrix: Operador has none of the gated actions, Gerente all', () => {
    const all: PermissionAction[] = ['sale.cancelFinished', 'sale.removeItem', 'sale.discardOpen', 'sale.discountAboveLimit', 'settings', 'sync.discard'];
    expect(all.filter((a) => PERMISSIONS.caixa.has(a))).toEqual([]);
    expect(all.filter((a) => PERMISSIONS.gerente.has(a))).toEqual(all);
  });

  it('the core refuses an Operador: remove item, F8 with items, discount over the limit, settings', async () => {
    await start();
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    const ana = await addOperator();
    await call('users.login', { userId: ana, pin: '1111' });
    // Empty sale: F8 is free.
    await call('sales.discard');
    let sale = await call('sales.scan', { text: '1' }); // 29,90
    const line = sale.lines[0].id;
    expect((await fail('sales.removeLine', { lineId: line })).code).toBe('auth.approvalRequired');
    expect((await fail('sales.discard')).code).toBe('auth.approvalRequired');
    // 10% is within the default limit, 10,01% is not (percent and cents).
    sale = await call('sales.setLineDiscount', { lineId: line, basisPoints: 1000 });
    expect(sale.lines[0].discountCents).toBe(299);
    expect((await fail('sales.setLineDiscount', { lineId: line, basisPoints: 1001 })).code).toBe('auth.approvalRequired');
    expect((await fail('sales.setSaleDiscount', { cents: 300 })).code).toBe('auth.approvalRequired');
    expect((await fail('printing.saveSettings', { ...core.services.printing.settings() })).code).toBe('auth.approvalRequired');
    expect((await fail('users.create', { name: 'X', role: 'caixa', pin: '1234' })).code).toBe('auth.managerRequired');
    expect((await call('sales.current')).lines.length).toBe(1);
    expect(core.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'venda.%'`).get()).toEqual({ n: 0 });
  });

  it('approval runs the action once, the session stays the operator, the audit names both', async () => {
    await start();
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    const ana = await addOperator();
    await call('users.login', { userId: ana, pin: '1111' });
    const sale = await call('sales.scan', { text: '2*1' });
    await call('sales.scan', { text: '2' });
    // An Operador's PIN does not approve.
    const subject = { saleId: sale.id, lineId: sale.lines[0].id };
    expect((await fail('users.approve', { action: 'sale.removeItem', managerId: ana, pin: '1111', subject })).code).toBe('users.notManager');
    expect((await fail('users.approve', { action: 'sale.removeItem', managerId: gerenteId(), pin: '9999', subject })).code).toBe('users.wrongPin');
    await call('users.approve', { action: 'sale.removeItem', managerId: gerenteId(), pin: '432100', subject });
    const after = await call('sales.removeLine', { lineId: sale.lines[0].id });
    expect(after.lines.length).toBe(1);
    // Once only.
    expect((await fail('sales.removeLine', { lineId: after.lines[0].id })).code).toBe('auth.approvalRequired');
    expect((await call<UsersState>('users.state')).session?.name).toBe('Ana Caixa');
    const row = core.db.prepare(`SELECT * FROM audit_log WHERE action = 'venda.removerItem'`).get() as Record<string, unknown>;
    expect(row).toMatchObject({ operator_name: 'Ana Caixa', approver_name: 'Gerente', sale_id: sale.id, amount_cents: 5980 });

    // A discount above a configured limit.
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    await call('users.saveSettings', { autoLockMinutes: 5, discountLimitPercent: 5 });
    await call('users.login', { userId: ana, pin: '1111' });
    const refusal = await fail('sales.setSaleDiscount', { basisPoints: 600 });
    expect(refusal.code).toBe('auth.approvalRequired');
    const { subject: bound, summary } = refusal.details as { subject: Record<string, unknown>; summary: string };
    expect(summary).toMatch(/Desconto de 6% .* na venda/);
    await call('users.approve', { action: 'sale.discountAboveLimit', managerId: gerenteId(), pin: '432100', subject: bound });
    const d = await call('sales.setSaleDiscount', { basisPoints: 600 });
    expect(d.totals.saleDiscountCents).toBeGreaterThan(0);
    const drow = core.db.prepare(`SELECT * FROM audit_log WHERE action = 'venda.descontoVenda'`).get() as Record<string, unknown>;
    expect(drow).toMatchObject({ operator_name: 'Ana Caixa', approver_name: 'Gerente' });
  });

  it('an approval is bound to its subject and survives a refused call with another input', async () => {
    await start();
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    const ana = await addOperator();
    await call('users.login', { userId: ana, pin: '1111' });
    const sale = await call('sales.scan', { text: '1' });
    const lineId = sale.lines[0].id;
    const refusal = await fail('sales.setLineDiscount', { lineId, basisPoints: 5000 });
    expect(refusal.details).toMatchObject({ action: 'sale.discountAboveLimit', subject: { saleId: sale.id, lineId, basisPoints: 5000 } });
    const subject = (refusal.details as { subject: Record<string, unknown> }).subject;
    await call('users.approve', { action: 'sale.discountAboveLimit', managerId: gerenteId(), pin: '432100', subject });
    // Another amount is not what was approved; a wrong input does not use the approval up.
    expect((await fail('sales.setLineDiscount', { lineId, cents: 999_999 })).code).toBe('discount.tooLarge');
    expect((await fail('sales.setLineDiscount', { lineId, basisPoints: 10000 })).code).toBe('auth.approvalRequired');
    const ok = await call('sales.setLineDiscount', { lineId, basisPoints: 5000 });
    expect(ok.lines[0].discountCents).toBe(1495);
  });
});

describe('audit_log', () => {
  it('is append-only: UPDATE and DELETE fail', async () => {
    await start();
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    const n = (core.db.prepare(`SELECT count(*) AS n FROM audit_log`).get() as { n: number }).n;
    expect(n).toBeGreaterThan(0);
    expect(() => core.db.prepare(`UPDATE audit_log SET action = 'x'`).run()).toThrow(/somente inclusão/);
    expect(() => core.db.prepare(`DELETE FROM audit_log`).run()).toThrow(/somente inclusão/);
    expect((core.db.prepare(`SELECT count(*) AS n FROM audit_log`).get() as { n: number }).n).toBe(n);
  });

  it('filters by period, user and action', async () => {
    await start();
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    const ana = await addOperator();
    clock = new Date('2026-12-01T10:00:00Z');
    await call('users.login', { userId: ana, pin: '1111' });
    await call('users.login', { userId: gerenteId(), pin: '432100' });
    const byAna = await call<{ operatorName: string }[]>('audit.list', { userId: ana });
    expect(byAna.length).toBe(1);
    expect(byAna[0].operatorName).toBe('Ana Caixa');
    const created = await call<unknown[]>('audit.list', { action: 'usuarios.criar' });
    expect(created.length).toBe(1);
    const dec = await call<unknown[]>('audit.list', { from: '2026-12-01T00:00:00Z', action: 'sessao.entrada' });
    expect(dec.length).toBe(2);
  });
});
