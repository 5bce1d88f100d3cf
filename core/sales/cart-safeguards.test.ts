import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/sales';
import { openDatabase } from '../db/open';
import { decodeEscPos } from '../printing/decoder';
import { buildSaleReceipt } from '../printing/receipts';
import { callCore, createTestCore, failCore } from '../../test-support/fixtures';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;
let core: TestCore;
afterEach(() => core?.close());

const call = <T = Sale>(method: string, input: unknown = {}): Promise<T> => callCore<T>(core, method, input);
const fail = (method: string, input: unknown = {}) => failCore(core, method, input);
const paymentRows = () => core.db.prepare('SELECT form_code, amount_cents FROM payments ORDER BY id').all();

describe('issue 7.2: a change never drops payments silently', () => {
  it('a sale discount that makes two card tenders pass the total keeps both; finalize refuses until one is removed', async () => {
    core = await createTestCore();
    await call('sales.scan', { text: '7891234567895' }); // 29,90
    await call('sales.addPayment', { formCode: 3, amountCents: 1000 });
    await call('sales.addPayment', { formCode: 4, amountCents: 490 });
    const sale = await call('sales.setSaleDiscount', { cents: 2000 }); // net 9,90 < paid 14,90
    expect(sale.payments.map((p) => [p.formCode, p.amountCents])).toEqual([
      [3, 1000],
      [4, 490],
    ]);
    expect(sale.totals.paidCents).toBeGreaterThan(sale.totals.netCents);
    expect(paymentRows()).toEqual([
      { form_code: 3, amount_cents: 1000 },
      { form_code: 4, amount_cents: 490 },
    ]);
    const err = await fail('sales.finalize');
    expect(err.code).toBe('sale.unpaid');
    expect(err.message).toContain('Remova um pagamento');
    const after = await call('sales.removePayment', { paymentId: sale.payments[0].id });
    expect(after.totals.paidCents).toBeLessThanOrEqual(after.totals.netCents);
  });

  it('removing an item keeps the payments (card and cash)', async () => {
    core = await createTestCore();
    await call('sales.scan', { text: '7891234567895' });
    const s = await call('sales.scan', { text: '7896005800010' });
    await call('sales.addPayment', { formCode: 3, amountCents: 2000 });
    await call('sales.addPayment', { formCode: 1, amountCents: 2000 });
    const after = await call('sales.removeLine', { lineId: s.lines[0].id });
    expect(after.payments.map((p) => p.formCode)).toEqual([3, 1]);
    expect(paymentRows()).toHaveLength(2);
  });
});

describe('issue 7.3: a R$ 0,00 sale finalizes only when confirmed, with form 90 "Sem Pagamento"', () => {
  it('refuses without confirmation, records form 90 amount 0 with it, and the receipt prints it', async () => {
    core = await createTestCore();
    await call('sales.scan', { text: '7891234567895' });
    const sale = await call('sales.setSaleDiscount', { basisPoints: 10000 });
    expect(sale.totals.netCents).toBe(0);
    expect((await fail('sales.finalize')).code).toBe('sale.zeroNeedsConfirmation');
    expect(core.db.prepare(`SELECT count(*) AS n FROM sales WHERE status = 'finalizada'`).get()).toEqual({ n: 0 });

    const done = await call<{ sale: Sale }>('sales.finalize', { withoutPayment: true });
    expect(done.sale.status).toBe('finalizada');
    expect(done.sale.payments.map((p) => [p.formCode, p.formName, p.amountCents])).toEqual([[90, 'Sem Pagamento', 0]]);
    expect(core.db.prepare('SELECT sale_id, form_code, amount_cents, received_cents, change_cents FROM payments').all()).toEqual([
      { sale_id: done.sale.id, form_code: 90, amount_cents: 0, received_cents: 0, change_cents: 0 },
    ]);
    const receipt = decodeEscPos(
      buildSaleReceipt(done.sale, { name: 'Loja', cnpj: '54517628001593', address: 'Rua A, 1' }, { type: 'EPSON', paperMm: 80, characterSet: 'PC860_PORTUGUESE', cut: true, drawer: true, barcode: false }),
    );
    expect(receipt.text).toMatch(/Sem Pagamento\s+R\$ 0,00/);
  });

  it('withoutPayment is refused on a sale with something to pay', async () => {
    core = await createTestCore();
    await call('sales.scan', { text: '7891234567895' });
    expect((await fail('sales.finalize', { withoutPayment: true })).code).toBe('sale.notZero');
  });

  it('migration 011: amount 0 is allowed only for form 90 (the CHECK still guards every other form)', async () => {
    core = await createTestCore();
    const s = await call('sales.scan', { text: '7891234567895' });
    const ins = core.db.prepare(
      `INSERT INTO payments (sale_id, form_code, amount_cents, received_cents, change_cents, created_at) VALUES (?, ?, 0, 0, 0, 'x')`,
    );
    expect(() => ins.run(s.id, 1)).toThrow(/CHECK constraint failed/);
    expect(() => ins.run(s.id, 3)).toThrow(/CHECK constraint failed/);
    // Reopened from disk: the schema change is durable and the file is sound.
    core.close();
    const db = openDatabase(`${core.dataDir}/balcao.db`);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'payments'`).pluck().get()).toContain('form_code = 90 AND amount_cents = 0');
    db.close();
  });
});

describe('issue 7.7: a wrong EAN check digit', () => {
  it('says "EAN inválido (dígito verificador)", and an unknown valid EAN still says "Produto não encontrado"', async () => {
    core = await createTestCore();
    const bad = await fail('sales.scan', { text: '7891234567894' });
    expect(bad).toMatchObject({ code: 'scan.badCheckDigit', message: 'EAN inválido (dígito verificador): 7891234567894' });
    expect((await fail('sales.scan', { text: '2*7891234567894' })).code).toBe('scan.badCheckDigit');
    expect(await fail('sales.scan', { text: '7890000000000' })).toMatchObject({ code: 'product.notFound' });
    expect(core.db.prepare('SELECT count(*) AS n FROM sale_lines').get()).toEqual({ n: 0 });
  });
});

describe('issue 7.5: a large quantity or line total asks for a confirmation', () => {
  it('refuses more than 100 units until confirmed (scan and F3)', async () => {
    core = await createTestCore();
    const err = await fail('sales.scan', { text: '101*96385074' });
    expect(err).toMatchObject({ code: 'line.needsConfirmation', message: 'Confira: 101 × R$ 4,79 = R$ 483,79. Se estiver certo, tecle Enter de novo.' });
    expect(core.db.prepare('SELECT count(*) AS n FROM sale_lines').get()).toEqual({ n: 0 });
    const ok = await call('sales.scan', { text: '101*96385074', confirmLarge: true });
    expect(ok.lines.map((l) => l.quantity)).toEqual([101]);
    const s = await call('sales.scan', { text: '100*96385074' }); // at the limit: no question
    expect((await fail('sales.setQuantity', { lineId: s.lines[1].id, quantity: 150 })).code).toBe('line.needsConfirmation');
    expect((await call('sales.setQuantity', { lineId: s.lines[1].id, quantity: 150, confirmLarge: true })).lines[1].quantity).toBe(150);
  });

  it('refuses a line total above the configured limit (settings table)', async () => {
    core = await createTestCore();
    core.db.prepare(`INSERT INTO settings (key, value) VALUES ('sale.confirmLineAboveCents', '5000')`).run();
    expect((await fail('sales.scan', { text: '2*7891234567895' })).message).toBe('Confira: 2 × R$ 29,90 = R$ 59,80. Se estiver certo, tecle Enter de novo.');
    expect((await call('sales.scan', { text: '7891234567895' })).lines).toHaveLength(1);
    expect((await fail('sales.addProduct', { code: 1, quantity: 2 })).code).toBe('line.needsConfirmation');
  });
});

describe('issue 7.10: the last finished sale is kept core-side until the next item', () => {
  it('sales.lastFinalized answers the finished sale, survives a reopen, and goes away on the next scan', async () => {
    core = await createTestCore();
    expect(await call('sales.lastFinalized')).toBeNull();
    await call('sales.scan', { text: '7891234567895' });
    await call('sales.addPayment', { formCode: 1, amountCents: 5000 });
    const { sale } = await call<{ sale: Sale }>('sales.finalize');
    const expected = { id: sale.id, number: 1, series: '1', changeCents: 2010, netCents: 2990 };
    expect(await call('sales.lastFinalized')).toEqual(expected);

    // A refused scan (unknown code) keeps it; a good one clears it.
    await fail('sales.scan', { text: '7890000000000' });
    expect(await call('sales.lastFinalized')).toEqual(expected);
    const dataDir = core.dataDir;
    core.close();
    core = await createTestCore({ dataDir, catalogCsv: '' });
    expect(await call('sales.lastFinalized')).toEqual(expected);
    await call('sales.scan', { text: '7891234567895' });
    expect(await call('sales.lastFinalized')).toBeNull();
  });
});
