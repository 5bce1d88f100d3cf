import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Access } from '../../shared/api/access';
import { api, type MethodName } from '../../shared/api';
import type { Sale } from '../../shared/api/sales';
import type { Db } from '../db/open';
import { loadConfig } from '../app/config';
import { createTestCore, tempDir } from '../../test-support/fixtures';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;
let core: TestCore;
let clock = new Date('2026-12-07T10:00:00Z');
afterEach(() => core?.close());

const GERENTE_PIN = '432100';
const OPERADOR_PIN = '1111';

async function start(dataDir = tempDir()): Promise<TestCore> {
  clock = new Date('2026-12-07T10:00:00Z');
  core = await createTestCore({
    dataDir,
    now: () => clock,
    log: () => {},
    config: { ...loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0' }), adminPin: GERENTE_PIN },
  });
  return core;
}

async function dispatch(method: string, input: unknown = {}) {
  return core.dispatch(method, input);
}
async function call<T = Sale>(method: string, input: unknown = {}): Promise<T> {
  const r = await dispatch(method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.value as T;
}
async function fail(method: string, input: unknown = {}) {
  const r = await dispatch(method, input);
  if (r.ok) throw new Error(`${method} should have been refused`);
  return r.error;
}

const gerenteId = () => (core.db.prepare(`SELECT id FROM operators WHERE name = 'Gerente'`).get() as { id: number }).id;

async function addOperator(name = 'Ana Caixa'): Promise<number> {
  await call('users.login', { userId: gerenteId(), pin: GERENTE_PIN });
  return (await call<{ id: number }>('users.create', { name, role: 'caixa', pin: OPERADOR_PIN })).id;
}

/** Every row of every table, hashed: "no row changed" means this did not move. */
function fingerprint(db: Db): string {
  const h = createHash('sha256');
  const tables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all();
  for (const { name } of tables) h.update(name + JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).raw().all()));
  return h.digest('hex');
}

const csv = (rows: string[]) => Buffer.from(['codigo;ean;descricao;preco;unidade', ...rows].join('\n')).toString('base64');

/** Inputs that WOULD change something if admitted (the reproductions): refusals must hold with real inputs. */
const SAMPLES: Partial<Record<MethodName, unknown>> = {
  'catalog.import': { fileName: 'precos.csv', contentBase64: csv(['1;7891234567895;Arroz Tipo 1 Tio João 5kg;0,01;UN']) },
  'catalog.importUpload': { uploadId: 'abc', fileName: 'precos.csv' },
  'payments.settings.save': { baseUrl: 'http://127.0.0.1:1/', accessKey: 'a', secretKey: '', clientId: 'c', wallet: 'pix', forms: [1] },
  'shifts.setTolerance': { toleranceCents: 10_000_000_000 },
  'shifts.open': { floatCents: 10_000 },
  'shifts.movement': { kind: 'sangria', amountCents: 5_000, reason: 'teste' },
  'sales.scan': { text: '2' },
  'sales.addPayment': { formCode: 90, amountCents: 777 },
  'sales.finalize': {},
  'presales.save': {},
  'outbox.saveSettings': { keepDays: 1 },
  'users.create': { name: 'Intruso', role: 'gerente', pin: '999999' },
  'users.saveSettings': { autoLockMinutes: 0, discountLimitPercent: 100 },
  'loyalty.counter.identify': { cpf: '11144477735' },
  'loyalty.counter.register': { customer: { cpf: '11144477735', name: 'X', cellphone: '11999999999' } },
};

type Caller = 'ninguém' | 'bloqueado' | 'Operador' | 'Gerente';

/** What the declaration promises each caller: the auth.* code of the refusal, or null (admitted). */
function expected(access: Access, caller: Caller): string | null {
  if (access.kind === 'public') return null;
  if (caller === 'ninguém') return 'auth.loginRequired';
  if (caller === 'bloqueado') return 'auth.locked';
  if (caller === 'Gerente') return null;
  if (access.kind === 'gerente') return 'auth.managerRequired';
  if (access.kind === 'settings') return 'auth.approvalRequired';
  return null;
}

describe('every method of the contract, called as nobody, locked, Operador and Gerente', () => {
  it('answers as its declaration says; a refusal changes no row', async () => {
    await start();
    await call('sales.scan', { text: '1' });
    const ana = await addOperator();
    const setCaller = async (who: Caller) => {
      if (who === 'ninguém') await call('users.logout');
      else {
        await call('users.login', { userId: who === 'Operador' ? ana : gerenteId(), pin: who === 'Operador' ? OPERADOR_PIN : GERENTE_PIN });
        if (who === 'bloqueado') await call('users.lock');
      }
    };
    const methods = Object.keys(api) as MethodName[];
    expect(methods.length).toBeGreaterThan(90);
    const mismatches: string[] = [];
    let refusals = 0;
    for (const who of ['ninguém', 'bloqueado', 'Operador', 'Gerente'] as Caller[]) {
      await setCaller(who);
      for (const m of methods) {
        const want = expected(api[m].access, who);
        const before = want ? fingerprint(core.db) : '';
        const r = await dispatch(m, SAMPLES[m] ?? {});
        const got = r.ok ? null : r.error.code;
        if (want) {
          refusals++;
          if (got !== want) mismatches.push(`${m} como ${who}: esperado ${want}, veio ${got ?? 'ok'}`);
          else if (fingerprint(core.db) !== before) mismatches.push(`${m} como ${who}: recusado, mas mudou o banco`);
        } else if (got && /^auth\.(loginRequired|locked|managerRequired)$/.test(got)) {
          mismatches.push(`${m} como ${who}: deveria ser admitido, veio ${got}`);
        } else if (got === 'auth.approvalRequired' && (r as { error: { details?: { action?: string } } }).error.details?.action === 'settings') {
          mismatches.push(`${m} como ${who}: pediu aprovação de Configurações sem ser de configuração`);
        }
        // An admitted call may have changed who is at the till (login, lock, logout): put the caller back.
        const u = core.services.users;
        const stateOk = who === 'ninguém' ? !u.session() : who === 'bloqueado' ? u.locked() : u.session()?.id === (who === 'Operador' ? ana : gerenteId()) && !u.locked();
        if (!stateOk) await setCaller(who);
      }
    }
    expect(mismatches).toEqual([]);
    // 89 non-public methods refused to nobody and to a locked till, 20 settings/users methods to an Operador.
    expect(refusals).toBeGreaterThan(190);
  });

  it('the declarations that guard money and rights are the ones the issue asked for', () => {
    const kind = (m: MethodName) => api[m].access.kind;
    for (const m of ['users.create', 'users.setRole', 'users.resetPin', 'users.setActive', 'users.list', 'users.saveSettings'] as MethodName[]) {
      expect(kind(m), m).toBe('gerente');
    }
    for (const m of [
      'catalog.import',
      'catalog.importUpload',
      'payments.settings.save',
      'payments.testConnection',
      'loyalty.settings.save',
      'printing.saveSettings',
      'shifts.setTolerance',
      'outbox.saveSettings',
      'audit.list',
    ] as MethodName[]) {
      expect(kind(m), m).toBe('settings');
    }
    const publicOnes = (Object.keys(api) as MethodName[]).filter((m) => kind(m) === 'public').sort();
    expect(publicOnes).toEqual(['system.info', 'users.changeOwnPin', 'users.dropElevation', 'users.firstAccess', 'users.lock', 'users.login', 'users.logout', 'users.state']);
  });
});

describe('approvals', () => {
  it('"Configurações" lets an Operador into settings for the visit, never into users.*', async () => {
    await start();
    const ana = await addOperator();
    await call('users.login', { userId: ana, pin: OPERADOR_PIN });
    expect((await fail('shifts.setTolerance', { toleranceCents: 500 })).code).toBe('auth.approvalRequired');
    await call('users.approve', { action: 'settings', managerId: gerenteId(), pin: GERENTE_PIN });
    await call('shifts.setTolerance', { toleranceCents: 500 });
    for (const [m, input] of [
      ['users.setRole', { id: ana, role: 'gerente' }],
      ['users.resetPin', { id: gerenteId(), pin: '000000' }],
      ['users.create', { name: 'Novo Gerente', role: 'gerente', pin: '123456' }],
    ] as const) {
      expect((await fail(m, input)).code, m).toBe('auth.managerRequired');
    }
    expect(core.db.prepare(`SELECT role FROM operators WHERE id = ?`).get(ana)).toEqual({ role: 'caixa' });
    const row = core.db.prepare(`SELECT operator_name, approver_name, details_json FROM audit_log WHERE action = 'configuracoes.shifts.setTolerance'`).get() as Record<string, string>;
    expect(row).toMatchObject({ operator_name: 'Ana Caixa', approver_name: 'Gerente' });
    expect(JSON.parse(row.details_json)).toEqual({ toleranceCents: 500 });
    await call('users.dropElevation');
    expect((await fail('shifts.setTolerance', { toleranceCents: 100_000_000 })).code).toBe('auth.approvalRequired');
  });

  it('a failed call gives the approval back with its ORIGINAL expiry, never a fresh one', async () => {
    await start();
    const ana = await addOperator();
    await call('users.login', { userId: ana, pin: OPERADOR_PIN });
    const users = core.services.users;
    const subject = { saleId: 'S1', lineId: 7 };
    await call('users.approve', { action: 'sale.removeItem', managerId: gerenteId(), pin: GERENTE_PIN, subject });
    clock = new Date(clock.getTime() + 100_000);
    const grant = users.approvals.authorizeBound('sale.removeItem', subject, 'teste');
    expect(grant.auth.approver?.name).toBe('Gerente');
    grant.giveBack();
    clock = new Date(clock.getTime() + 21_000); // 121 s after the approval: past its 2 minutes
    expect(() => users.approvals.authorizeBound('sale.removeItem', subject, 'teste')).toThrow(/aprovação de um gerente/);
  });

  it('an approval for one line does not remove another', async () => {
    await start();
    const ana = await addOperator();
    await call('users.login', { userId: ana, pin: OPERADOR_PIN });
    await call('sales.scan', { text: '1' });
    const sale = await call('sales.scan', { text: '2' });
    const [a, b] = sale.lines;
    const refusal = await fail('sales.removeLine', { lineId: a.id });
    expect(refusal.details).toMatchObject({ action: 'sale.removeItem', subject: { saleId: sale.id, lineId: a.id } });
    expect((refusal.details as { summary: string }).summary).toMatch(/Remover o item Arroz/);
    await call('users.approve', { action: 'sale.removeItem', managerId: gerenteId(), pin: GERENTE_PIN, subject: { saleId: sale.id, lineId: a.id } });
    expect((await fail('sales.removeLine', { lineId: b.id })).code).toBe('auth.approvalRequired');
    expect((await call('sales.removeLine', { lineId: a.id })).lines.map((l) => l.id)).toEqual([b.id]);
  });
});

describe('rules that follow the money', () => {
  it('a line discount in reais is measured again when the quantity drops (10 units → 1 would be 100%)', async () => {
    await start();
    const ana = await addOperator();
    await call('users.login', { userId: ana, pin: OPERADOR_PIN });
    const sale = await call('sales.scan', { text: '10*4' }); // 10 × R$ 4,79 = R$ 47,90
    const line = sale.lines[0];
    await call('sales.setLineDiscount', { lineId: line.id, cents: 479 }); // 10%: within the limit
    const refusal = await fail('sales.setQuantity', { lineId: line.id, quantity: 1 });
    expect(refusal.code).toBe('auth.approvalRequired');
    expect(refusal.details).toMatchObject({ action: 'sale.discountAboveLimit', subject: { saleId: sale.id, lineId: line.id, basisPoints: 10000 } });
    const now = await call('sales.current');
    expect(now.lines[0]).toMatchObject({ quantity: 10, discountCents: 479 });
  });

  it('a sale discount in reais is measured again when lines go', async () => {
    await start();
    const ana = await addOperator();
    await call('users.login', { userId: ana, pin: OPERADOR_PIN });
    await call('sales.scan', { text: '1' }); // 29,90
    const sale = await call('sales.scan', { text: '4' }); // 4,79
    await call('sales.setSaleDiscount', { cents: 340 }); // 9,8% of 34,69
    const arroz = sale.lines[0];
    await call('users.approve', { action: 'sale.removeItem', managerId: gerenteId(), pin: GERENTE_PIN, subject: { saleId: sale.id, lineId: arroz.id } });
    // Removing the rice would leave R$ 3,40 off R$ 4,79 (71%): refused, nothing removed.
    const refusal = await fail('sales.removeLine', { lineId: arroz.id });
    expect(refusal.details).toMatchObject({ action: 'sale.discountAboveLimit', subject: { lineId: null } });
    expect((await call('sales.current')).lines.length).toBe(2);
    // The removal's approval was given back (the call failed): a Gerente approves the discount too, and it goes.
    const subject = (refusal.details as { subject: Record<string, unknown> }).subject;
    await call('users.approve', { action: 'sale.discountAboveLimit', managerId: gerenteId(), pin: GERENTE_PIN, subject });
    expect((await call('sales.removeLine', { lineId: arroz.id })).lines.length).toBe(1);
    const rows = core.db.prepare(`SELECT action, approver_name FROM audit_log WHERE action LIKE 'venda.%' ORDER BY id`).all();
    expect(rows).toEqual([
      { action: 'venda.descontoVenda', approver_name: 'Gerente' },
      { action: 'venda.removerItem', approver_name: 'Gerente' },
    ]);
  });

  it('"Sem Pagamento" is not a tender, and a form disabled in Pagamentos is refused', async () => {
    await start();
    await call('sales.scan', { text: '1' });
    expect((await fail('sales.addPayment', { formCode: 90, amountCents: 777 })).code).toBe('payment.noPaymentForm');
    await call('payments.settings.save', { baseUrl: '', accessKey: '', secretKey: '', clientId: '', wallet: '', forms: [1, 3] });
    expect((await fail('sales.addPayment', { formCode: 2, amountCents: 100 })).code).toBe('payment.formDisabled');
    expect((await call('sales.addPayment', { formCode: 3, amountCents: 100 })).payments.length).toBe(1);
  });
});

describe('settings with consequences', () => {
  it('a new payment address never receives the kept Secret Key', async () => {
    await start();
    const form = { baseUrl: 'https://api.pagamentos.example', accessKey: 'ak', secretKey: 'segredo-1', clientId: 'c1', wallet: 'pix', forms: [1, 17] };
    await call('payments.settings.save', form);
    const e = await fail('payments.settings.save', { ...form, baseUrl: 'http://127.0.0.1:9/', secretKey: '' });
    expect(e.message).toMatch(/digite a Secret Key de novo/);
    expect(core.db.prepare(`SELECT value FROM settings WHERE key = 'payments.baseUrl'`).get()).toEqual({ value: 'https://api.pagamentos.example' });
    const audit = core.db.prepare(`SELECT details_json FROM audit_log WHERE action = 'configuracoes.payments.settings.save'`).all() as { details_json: string }[];
    expect(audit.length).toBe(1);
    expect(audit[0].details_json).not.toContain('segredo-1');
  });

  it('a catalog import is a Gerente\'s and is audited', async () => {
    await start();
    const ana = await addOperator();
    await call('users.login', { userId: ana, pin: OPERADOR_PIN });
    const price = () => core.db.prepare(`SELECT price_cents FROM products WHERE code = 1`).get();
    const before = price();
    expect((await fail('catalog.import', SAMPLES['catalog.import'])).code).toBe('auth.approvalRequired');
    expect((await fail('catalog.importUpload', SAMPLES['catalog.importUpload'])).code).toBe('auth.approvalRequired');
    expect(price()).toEqual(before);
    await call('users.login', { userId: gerenteId(), pin: GERENTE_PIN });
    await call('catalog.import', SAMPLES['catalog.import']);
    expect(price()).toEqual({ price_cents: 1 });
    expect(core.db.prepare(`SELECT operator_name FROM audit_log WHERE action = 'configuracoes.catalog.import'`).get()).toEqual({ operator_name: 'Gerente' });
  });
});

describe('sessions end', () => {
  it('a restart starts locked; the open sale stays', async () => {
    const dir = tempDir();
    await start(dir);
    await call('sales.scan', { text: '1' });
    core.close();
    core = await createTestCore({ dataDir: dir, provision: false, catalogCsv: '', log: () => {}, config: { ...loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0' }), adminPin: null } });
    const state = await call<{ session: { name: string } | null; locked: boolean }>('users.state');
    expect(state).toMatchObject({ session: { name: 'Gerente' }, locked: true });
    expect((await fail('sales.scan', { text: '2' })).code).toBe('auth.locked');
    await call('users.login', { userId: gerenteId(), pin: GERENTE_PIN });
    expect((await call('sales.current')).lines.length).toBe(1);
  });

  it('the core locks an idle till by itself (auto-lock), whatever the screen does', async () => {
    await start();
    await call('users.saveSettings', { autoLockMinutes: 5, discountLimitPercent: 10 });
    await call('sales.scan', { text: '1' });
    clock = new Date(clock.getTime() + 4 * 60_000);
    await call('sales.scan', { text: '1' });
    clock = new Date(clock.getTime() + 5 * 60_000 + 1);
    expect((await fail('sales.scan', { text: '1' })).code).toBe('auth.locked');
    expect(core.services.users.locked()).toBe(true);
  });

  it('closing the shift ends the session: the next shift starts at the login', async () => {
    const dir = tempDir();
    core = await createTestCore({ dataDir: dir, requireShift: true, log: () => {} });
    await call('shifts.open', { floatCents: 0 });
    await call('shifts.close', { counted: [] });
    expect(core.services.users.session()).toBeNull();
    expect((await fail('shifts.open', { floatCents: 100 })).code).toBe('auth.loginRequired');
  });
});

describe('personal data and slips', () => {
  it('a finished sale answers the CPF masked; the open sale keeps what the cashier typed', async () => {
    await start();
    await call('sales.scan', { text: '1' });
    const open = await call('sales.current');
    core.db.prepare(`UPDATE sales SET customer_cpf = '11144477735' WHERE id = ?`).run(open.id);
    expect((await call('sales.get', { id: open.id })).customerCpf).toBe('11144477735');
    const paid = await call('sales.addPayment', { formCode: 1, amountCents: open.totals.netCents });
    await call('sales.finalize');
    expect((await call('sales.get', { id: paid.id })).customerCpf).toBe('***.444.777-**');
    const detail = await call<{ sale: Sale; customerCpfMasked: string }>('salesQuery.detail', { id: paid.id });
    expect(detail.sale.customerCpf).toBe('***.444.777-**');
    expect(JSON.stringify(detail)).not.toContain('11144477735');
  });

  it('a registered customer\'s mobile changes only after "Identificar cliente" with that CPF in this sale', async () => {
    await start();
    const customers = core.services.counter.customers;
    customers.save({ cpf: '11144477735', name: 'Maria', contact: { mobile: '11988887777', email: 'maria@exemplo.com.br', phone: '' } });
    const changed = { cpf: '11144477735', name: 'Maria', contact: { mobile: '11911112222', email: 'maria@exemplo.com.br', phone: '' } };
    expect((await fail('loyalty.counter.register', { customer: changed })).code).toBe('customers.contactLocked');
    expect(customers.get('11144477735')!.customer.contact.mobile).toBe('11988887777');
    await dispatch('loyalty.counter.identify', { cpf: '111.444.777-35' }); // the hub is off here: the CPF was typed all the same
    const r = await dispatch('loyalty.counter.register', { customer: changed });
    expect(r.ok ? 'ok' : r.error.code).not.toBe('customers.contactLocked');
  });

  it('the cancellation slip comes from the cancellation record, only for a cancelled sale', async () => {
    await start();
    await call('sales.scan', { text: '1' });
    const open = await call('sales.current');
    await call('sales.addPayment', { formCode: 1, amountCents: open.totals.netCents });
    const { sale } = await call<{ sale: Sale }>('sales.finalize');
    expect((await fail('cancellation.printReceipt', { saleId: sale.id })).code).toBe('cancellation.notCancelled');
    await call('cancellation.cancel', { saleId: sale.id, reason: 'Cliente desistiu' });
    await call('cancellation.printReceipt', { saleId: sale.id });
    const job = core.db.prepare(`SELECT bytes FROM print_jobs WHERE kind = 'cancellation'`).get() as { bytes: Buffer };
    expect(job.bytes.toString('latin1')).toContain('Cliente desistiu');
  });
});
