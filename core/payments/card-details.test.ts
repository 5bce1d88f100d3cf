import { afterEach, describe, expect, it } from 'vitest';
import type { DailyReport } from '../../shared/api/reports';
import type { Sale } from '../../shared/api/sales';
import { callCore, createTestCore } from '../../test-support/fixtures';

/** Card details a store reconciles with its acquirer (issue 22): stored, required per "Pagamentos", printed, reported. */

let core: Awaited<ReturnType<typeof createTestCore>> | undefined;
afterEach(() => core?.close());

const call = <T = Sale>(method: string, input: unknown = {}) => callCore<T>(core!, method, input);
async function fail(method: string, input: unknown = {}) {
  const r = await core!.dispatch(method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

describe('card details', () => {
  it('crédito in 3 parcelas with NSU and Autorização: stored, on the sale, the receipt and the daily report by bandeira', async () => {
    core = await createTestCore();
    await call('sales.scan', { text: '7891234567895' }); // 29,90
    await call('sales.scan', { text: '96385074' }); // 4,79
    await call('sales.addPayment', { formCode: 3, amountCents: 2000, card: { brand: 'Visa', installments: 3, nsu: '123456', authorization: 'A1B2C3' } });
    const paid = await call('sales.addPayment', { formCode: 4, amountCents: 1469, card: { brand: 'Elo' } });
    expect(paid.payments.map((p) => p.card)).toEqual([
      { brand: 'Visa', installments: 3, nsu: '123456', authorization: 'A1B2C3' },
      { brand: 'Elo', installments: null, nsu: null, authorization: null },
    ]);
    const { sale } = await call<{ sale: Sale }>('sales.finalize');
    const rows = core.db.prepare('SELECT form_code, card_brand, installments, nsu, authorization_code FROM payments WHERE sale_id = ? ORDER BY id').all(sale.id);
    expect(rows).toEqual([
      { form_code: 3, card_brand: 'Visa', installments: 3, nsu: '123456', authorization_code: 'A1B2C3' },
      { form_code: 4, card_brand: 'Elo', installments: null, nsu: null, authorization_code: null },
    ]);
    const preview = await call<{ lines: { text: string }[] }>('printing.preview', { kind: 'sale', saleId: sale.id });
    expect(preview.lines.map((l) => l.text).join('\n')).toContain('Visa 3x - NSU 123456 - Aut. A1B2C3');
    const day = new Date(sale.finalizedAt!);
    const from = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate())).toISOString();
    const to = new Date(Date.parse(from) + 86_400_000).toISOString();
    const report = await call<DailyReport>('reports.daily', { from, to });
    expect(report.byCardBrand).toEqual([
      { formCode: 3, brand: 'Visa', count: 1, totalCents: 2000 },
      { formCode: 4, brand: 'Elo', count: 1, totalCents: 1469 },
    ]);
  });

  it('required fields per "Pagamentos"; parcelas only on crédito; no card details on cash', async () => {
    core = await createTestCore();
    await call('sales.scan', { text: '7891234567895' });
    expect(await call('payments.cardRules')).toEqual({ brand: false, nsu: false, authorization: false });
    await call('payments.saveCardRules', { brand: true, nsu: true, authorization: false });
    const missing = await fail('sales.addPayment', { formCode: 3, amountCents: 1000, card: { brand: 'Visa' } });
    expect(missing).toMatchObject({ code: 'payment.cardRequired', message: expect.stringContaining('o NSU') });
    expect((await fail('sales.addPayment', { formCode: 4, amountCents: 1000, card: { brand: 'Visa', nsu: '9', installments: 2 } })).code).toBe('payment.installments');
    expect((await fail('sales.addPayment', { formCode: 1, amountCents: 1000, card: { brand: 'Visa' } })).code).toBe('payment.cardDetails');
    expect((await fail('sales.addPayment', { formCode: 3, amountCents: 1000, card: { brand: 'Visa', nsu: '12-34' } })).code).toBe('api.invalidInput');
    const ok = await call('sales.addPayment', { formCode: 3, amountCents: 1000, card: { brand: 'Mastercard', nsu: '777' } });
    expect(ok.payments[0].card).toEqual({ brand: 'Mastercard', installments: 1, nsu: '777', authorization: null });
    expect(core.db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 1 });
  });
});
