import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/sales';
import { callCore, createTestCore, failCore } from '../../test-support/fixtures';
import { parseScan } from './service';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;
let core: TestCore;

afterEach(() => core?.close());

const call = <T = Sale>(method: string, input: unknown = {}): Promise<T> => callCore<T>(core, method, input);

const fail = (method: string, input: unknown = {}) => failCore(core, method, input);

describe('parseScan', () => {
  it('reads quantity*code', () => {
    expect(parseScan('7891234567895')).toEqual({ quantity: 1, code: '7891234567895' });
    expect(parseScan('3*7891234567895')).toEqual({ quantity: 3, code: '7891234567895' });
    expect(parseScan(' 12 x 5 ')).toEqual({ quantity: 12, code: '5' });
    expect(parseScan('0*5')).toBeNull();
    expect(parseScan('abc')).toBeNull();
    expect(parseScan('3*')).toBeNull();
  });
});

describe('SalesService over a real SQLite file', () => {
  it('scans by EAN and by internal code, with quantity', async () => {
    core = await createTestCore();
    let sale = await call('sales.scan', { text: '3*7891234567895' });
    sale = await call('sales.scan', { text: '2' });
    expect(sale.lines.map((l) => [l.productCode, l.quantity, l.ean])).toEqual([
      [1, 3, '7891234567895'],
      [2, 1, '7896005800010'],
    ]);
    expect(sale.totals.grossCents).toBe(3 * 2990 + 849);
    const rows = core.db.prepare('SELECT product_code, quantity, unit_price_cents FROM sale_lines ORDER BY line_order').all();
    expect(rows).toEqual([
      { product_code: 1, quantity: 3, unit_price_cents: 2990 },
      { product_code: 2, quantity: 1, unit_price_cents: 849 },
    ]);
  });

  it('an unknown code adds nothing and says so in pt-BR', async () => {
    core = await createTestCore();
    const err = await fail('sales.scan', { text: '7890000000000' });
    expect(err.code).toBe('product.notFound');
    expect(err.message).toBe('Produto não encontrado: 7890000000000');
    expect(core.db.prepare('SELECT count(*) AS n FROM sale_lines').get()).toEqual({ n: 0 });
    const bad = await fail('sales.scan', { text: 'abc' });
    expect(bad.code).toBe('scan.invalid');
    const tooMany = await fail('sales.scan', { text: '100000*7891234567895' });
    expect(tooMany.message).toBe('Quantidade 100000 fora do limite: use de 1 a 99.999.');
    const invalid = await fail('sales.setQuantity', { lineId: 1, quantity: 0 });
    expect(invalid.message).toMatch(/^Dados inválidos: quantity: /);
    expect(invalid.message).not.toMatch(/Too small/);
  });

  it('changes quantity, discounts (R$ and %), removes lines; totals follow the contract', async () => {
    core = await createTestCore();
    let sale = await call('sales.scan', { text: '7891234567895' }); // 29,90
    sale = await call('sales.scan', { text: '96385074' }); // 4,79
    const [arroz, acucar] = sale.lines;
    sale = await call('sales.setQuantity', { lineId: acucar.id, quantity: 4 }); // 19,16
    sale = await call('sales.setLineDiscount', { lineId: arroz.id, basisPoints: 1000 }); // 2,99
    expect(sale.lines[0].discountCents).toBe(299);
    sale = await call('sales.setSaleDiscount', { cents: 100 });
    expect(sale.totals).toMatchObject({
      grossCents: 2990 + 1916,
      itemDiscountCents: 299,
      saleDiscountCents: 100,
      discountTotalCents: 399,
      netCents: 2990 + 1916 - 399,
      itemCount: 5,
    });
    // A percent sale discount follows later line changes.
    sale = await call('sales.setSaleDiscount', { basisPoints: 500 });
    const before = sale.totals.saleDiscountCents;
    sale = await call('sales.removeLine', { lineId: acucar.id });
    expect(sale.lines).toHaveLength(1);
    expect(sale.totals.saleDiscountCents).toBeLessThan(before);
    expect(sale.totals.saleDiscountCents).toBe(Math.floor(((2990 - 299) * 500 + 5000) / 10000));
  });

  it('refuses a discount given both in reais and in percent (or neither): nothing silently preferred', async () => {
    core = await createTestCore();
    const sale = await call('sales.scan', { text: '1' }); // 29,90
    for (const input of [{ cents: 100, basisPoints: 5000 }, {}]) {
      const e1 = await fail('sales.setLineDiscount', { lineId: sale.lines[0].id, ...input });
      expect(e1).toMatchObject({ code: 'api.invalidInput', message: expect.stringContaining('um dos dois') });
      const e2 = await fail('sales.setSaleDiscount', input);
      expect(e2).toMatchObject({ code: 'api.invalidInput', message: expect.stringContaining('um dos dois') });
    }
    expect((await call('sales.current')).totals.discountTotalCents).toBe(0);
  });

  it('refuses a discount larger than the item or the sale', async () => {
    core = await createTestCore();
    const sale = await call('sales.scan', { text: '3' }); // 7,99
    const e1 = await fail('sales.setLineDiscount', { lineId: sale.lines[0].id, cents: 800 });
    expect(e1.code).toBe('discount.tooLarge');
    const e2 = await fail('sales.setSaleDiscount', { cents: 800 });
    expect(e2.code).toBe('discount.tooLarge');
    expect((await call('sales.current')).totals.discountTotalCents).toBe(0);
  });

  it('split tender with change; finalize commits sale, lines and payments with the next number', async () => {
    core = await createTestCore();
    await call('sales.scan', { text: '2*7891234567895' }); // 59,80
    await call('sales.scan', { text: '5' }); // 10,99 → 70,79
    const cardOver = await fail('sales.addPayment', { formCode: 3, amountCents: 8000 });
    expect(cardOver.code).toBe('payment.exceeds');
    await call('sales.addPayment', { formCode: 3, amountCents: 5000 });
    expect((await fail('sales.finalize')).code).toBe('sale.unpaid');
    let sale = await call('sales.addPayment', { formCode: 1, amountCents: 3000 });
    expect(sale.totals).toMatchObject({ netCents: 7079, paidCents: 7079, remainingCents: 0, changeCents: 921 });
    const done = await call<{ sale: Sale; next: Sale }>('sales.finalize');
    expect(done.sale.status).toBe('finalizada');
    expect(done.sale.documentNumber).toBe(1);
    expect(done.sale.series).toBe('1');
    expect(done.next.lines).toHaveLength(0);
    expect(done.next.id).not.toBe(done.sale.id);
    expect(done.sale).toEqual(await call('sales.get', { id: done.sale.id }));
    expect(done.next).toEqual(await call('sales.current'));
    const row = core.db.prepare('SELECT status, document_number, net_cents FROM sales WHERE id = ?').get(done.sale.id);
    expect(row).toEqual({ status: 'finalizada', document_number: 1, net_cents: 7079 });
    const pays = core.db.prepare('SELECT form_code, amount_cents, received_cents, change_cents FROM payments WHERE sale_id = ? ORDER BY id').all(done.sale.id);
    expect(pays).toEqual([
      { form_code: 3, amount_cents: 5000, received_cents: 5000, change_cents: 0 },
      { form_code: 1, amount_cents: 2079, received_cents: 3000, change_cents: 921 },
    ]);
    // Second sale gets number 2.
    await call('sales.scan', { text: '4' });
    await call('sales.addPayment', { formCode: 4, amountCents: 479 });
    const second = await call<{ sale: Sale }>('sales.finalize');
    expect(second.sale.documentNumber).toBe(2);
    const list = await call<{ documentNumber: number }[]>('sales.list', {});
    expect(list.map((s) => s.documentNumber)).toEqual([2, 1]);
  });

  it('a line change that leaves payments above the total keeps them (issue 7: never dropped silently)', async () => {
    core = await createTestCore();
    let sale = await call('sales.scan', { text: '1' });
    await call('sales.scan', { text: '2' });
    await call('sales.addPayment', { formCode: 1, amountCents: 5000 });
    sale = await call('sales.removeLine', { lineId: sale.lines[0].id });
    expect(sale.payments).toHaveLength(1);
    expect(sale.totals.paidCents).toBeGreaterThan(sale.totals.netCents);
  });

  it('refuses to finalize an empty sale; discard empties the open sale', async () => {
    core = await createTestCore();
    expect((await fail('sales.finalize')).code).toBe('sale.empty');
    await call('sales.scan', { text: '1' });
    const sale = await call('sales.discard');
    expect(sale.lines).toHaveLength(0);
    expect(core.db.prepare(`SELECT count(*) AS n FROM sales WHERE status = 'aberta'`).get()).toEqual({ n: 1 });
  });

  it('restores the open sale when the core is reopened on the same file', async () => {
    core = await createTestCore();
    const dir = core.dataDir;
    const sale = await call('sales.scan', { text: '3*1' });
    core.close();
    core = await createTestCore({ dataDir: dir, catalogCsv: '' });
    const again = await call('sales.current');
    expect(again.id).toBe(sale.id);
    expect(again.lines.map((l) => l.quantity)).toEqual([3]);
  });

  it('rejects invalid input at the contract boundary', async () => {
    core = await createTestCore();
    const e = await fail('sales.setQuantity', { lineId: 1, quantity: 0 });
    expect(e.code).toBe('api.invalidInput');
    const u = await fail('sales.nope', {});
    expect(u.code).toBe('api.unknownMethod');
  });
});
