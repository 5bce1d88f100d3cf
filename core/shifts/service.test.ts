import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVirtualPrinter, type VirtualPrinter } from '../../test-support/peers';
import type { Shift } from '../../shared/api/shifts';
import type { Core } from '../app/compose';
import { loadConfig } from '../app/config';
import { sellCash, sellMixed, sellPix } from '../../test-support/sell';
import { callCore, createTestCore, tempDir } from '../../test-support/fixtures';

let printer: VirtualPrinter;
let core: Core & { dataDir: string };
let dir: string;

async function start(): Promise<Core & { dataDir: string }> {
  return createTestCore({
    dataDir: dir,
    requireShift: true,
    log: () => undefined,
    config: loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_PRINTER: printer.url }),
    catalogCsv: core ? '' : undefined,
  });
}

const call = <T>(method: string, input: unknown = {}): Promise<T> => callCore<T>(core, method, input);

beforeEach(async () => {
  printer = await startVirtualPrinter({ port: 0 });
  dir = tempDir();
  core = undefined as unknown as Core & { dataDir: string };
  core = await start();
});

afterEach(async () => {
  core.close();
  await printer.stop();
});

const cashIn = (core: Core, saleIds: string[]) =>
  saleIds.reduce(
    (acc, id) =>
      acc +
      core.services.sales
        .get(id)
        .payments.filter((p) => p.formCode === 1)
        .reduce((a, p) => a + p.receivedCents - p.changeCents, 0),
    0,
  );

describe('shift (caixa)', () => {
  it('refuses a sale before "Abertura de caixa" and links sales to the open shift', async () => {
    const refused = await core.dispatch('sales.scan', { text: '7891234567895' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'shift.notOpen' } });
    expect(refused.ok ? '' : refused.error.message).toContain('Abertura de caixa');
    const shift = await call<Shift>('shifts.open', { floatCents: 100_00 });
    const sale = sellCash(core);
    const row = core.db.prepare(`SELECT shift_id FROM sales WHERE id = ?`).get(sale.id) as { shift_id: number };
    expect(row.shift_id).toBe(shift.id);
    await expect(call('shifts.open', { floatCents: 0 })).rejects.toThrow('já está aberto');
  });

  it('expected cash = float + cash sales − change + suprimento − sangria; blind count gives the differences', async () => {
    await call('shifts.open', { floatCents: 150_00 });
    const a = sellCash(core); // cash with change
    const b = sellMixed(core); // card + cash
    const c = sellPix(core);
    await call('shifts.movement', { kind: 'suprimento', amountCents: 50_00, reason: 'Troco extra' });
    await call('shifts.movement', { kind: 'sangria', amountCents: 80_00, reason: 'Depósito no cofre' });

    // The formula, from the DB's payment rows (received − change).
    const received = (core.db.prepare(`SELECT sum(received_cents) AS r, sum(change_cents) AS c FROM payments WHERE form_code = 1`).get() as { r: number; c: number });
    expect(received.c).toBeGreaterThan(0);
    const expectedCash = 150_00 + received.r - received.c + 50_00 - 80_00;
    expect(expectedCash).toBe(150_00 + cashIn(core, [a.id, b.id, c.id]) - 30_00);

    const info = await call<{ forms: { formCode: number }[]; toleranceCents: number }>('shifts.closingInfo');
    // Blind: names of the forms to count, never the expected figures.
    expect(info.forms.map((f) => f.formCode)).toEqual([1, 3, 17]);
    expect(JSON.stringify(info)).not.toContain(String(expectedCash));

    const card = b.payments.find((p) => p.formCode === 3)!.amountCents;
    const closed = await call<Shift>('shifts.close', {
      counted: [
        { formCode: 1, countedCents: expectedCash - 3_00 },
        { formCode: 3, countedCents: card },
        { formCode: 17, countedCents: c.totals.netCents + 1_00 },
      ],
    });
    expect(closed.status).toBe('fechado');
    expect(closed.closing).toEqual([
      { formCode: 1, formName: 'Dinheiro', expectedCents: expectedCash, countedCents: expectedCash - 3_00, differenceCents: -3_00 },
      { formCode: 3, formName: 'Cartão de Crédito', expectedCents: card, countedCents: card, differenceCents: 0 },
      { formCode: 17, formName: 'PIX Dinâmico', expectedCents: c.totals.netCents, countedCents: c.totals.netCents + 1_00, differenceCents: 1_00 },
    ]);
    expect(closed.differenceCents).toBe(-2_00);
    expect(closed.salesCount).toBe(3);
    // Closing ends the session: the next shift starts at the login.
    expect(core.services.users.session()).toBeNull();
    expect(core.services.shifts.current()).toBeNull();

    // Slips and the closing report on the (virtual) thermal printer.
    await core.services.printing.drain();
    const texts = printer.decoded().map((d) => d.text);
    expect(texts.some((t) => t.includes('SUPRIMENTO DE CAIXA') && t.includes('Troco extra'))).toBe(true);
    expect(texts.some((t) => t.includes('SANGRIA DE CAIXA') && t.includes('R$ 80,00'))).toBe(true);
    const report = texts.find((t) => t.includes('FECHAMENTO DE CAIXA'))!;
    expect(report).toContain('DIFERENÇA TOTAL');
    expect(report).toContain('-R$ 2,00');
    const kinds = core.db.prepare(`SELECT kind FROM print_jobs ORDER BY id`).all() as { kind: string }[];
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['shift', 'cash']));
  });

  it('does not ask to count "Sem Pagamento" (form 90) and leaves it out of the closing', async () => {
    await call('shifts.open', { floatCents: 10_00 });
    const s = core.services.sales;
    s.scan('7891234567895');
    s.setSaleDiscount({ basisPoints: 10_000 });
    const zero = s.finalize({ withoutPayment: true }).sale;
    expect(zero.payments.map((p) => p.formCode)).toEqual([90]);
    const info = await call<{ forms: { formCode: number }[] }>('shifts.closingInfo');
    expect(info.forms.map((f) => f.formCode)).toEqual([1]);
    const closed = await call<Shift>('shifts.close', { counted: [{ formCode: 1, countedCents: 10_00 }] });
    expect(closed.closing!.map((l) => l.formCode)).toEqual([1]);
  });

  it('a sangria larger than the cash in the drawer is refused', async () => {
    await call('shifts.open', { floatCents: 10_00 });
    await expect(call('shifts.movement', { kind: 'sangria', amountCents: 10_01, reason: 'Cofre' })).rejects.toThrow('maior que o dinheiro esperado');
  });

  it('a difference above the tolerance needs the manager when approval is wired', async () => {
    await call('shifts.setTolerance', { toleranceCents: 1_00 });
    core.services.shifts.setApprover((pin) => (pin === '4321' ? { name: 'Gerente Maria' } : null));
    await call('shifts.open', { floatCents: 20_00 });
    const counted = [{ formCode: 1, countedCents: 15_00 }];
    await expect(call('shifts.close', { counted })).rejects.toMatchObject({ code: 'shift.needsManager' });
    await expect(call('shifts.close', { counted, managerPin: '0000' })).rejects.toMatchObject({ code: 'shift.badManagerPin' });
    const closed = await call<Shift>('shifts.close', { counted, managerPin: '4321' });
    expect(closed).toMatchObject({ differenceCents: -5_00, approvedBy: 'Gerente Maria' });
  });

  it('closing warns when operations are pending sync and refuses while a sale is in progress', async () => {
    await call('shifts.open', { floatCents: 0 });
    const sale = sellPix(core);
    core.services.outbox.worker.stop();
    core.services.outbox.repo.enqueue({ kind: 'hub.GerarBonus', channel: 'hub', orderingKey: sale.id, saleId: sale.id, payload: {} });
    expect((await call<{ pendingSync: number }>('shifts.closingInfo')).pendingSync).toBe(1);
    core.services.sales.scan('7891234567895');
    await expect(call('shifts.close', { counted: [] })).rejects.toThrow('venda em andamento');
    core.services.sales.discard();
    await call('shifts.close', { counted: [] });
    await core.services.printing.drain();
    expect(printer.decoded().find((d) => d.text.includes('FECHAMENTO'))!.text).toMatch(/1 operação\(ões\) aguardando\s+sincronização/);
  });

  it('reopening after a crash resumes the open shift', async () => {
    const shift = await call<Shift>('shifts.open', { floatCents: 30_00 });
    await call('shifts.movement', { kind: 'suprimento', amountCents: 5_00, reason: 'Moedas' });
    core.close();
    core = await start();
    const resumed = await call<Shift>('shifts.current');
    expect(resumed).toMatchObject({ id: shift.id, floatCents: 30_00, status: 'aberto' });
    expect(resumed.movements).toHaveLength(1);
    const sale = sellCash(core);
    expect((core.db.prepare(`SELECT shift_id FROM sales WHERE id = ?`).get(sale.id) as { shift_id: number }).shift_id).toBe(shift.id);
  });
});
