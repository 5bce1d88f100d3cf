import ExcelJS from 'exceljs';
import fs from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesFilter } from '../../shared/api/sales-query';
import type { Core } from '../app/compose';
import { sellCash, sellMixed, sellPix } from '../../test-support/sell';
import { createTestCore } from '../../test-support/fixtures';
import { BRL_FORMAT, excelDate } from './writers';

let core: Core;
const events: { done: number; total: number }[] = [];

beforeAll(async () => {
  core = await createTestCore({ log: () => undefined });
  core.events.subscribe((name, payload) => {
    if (name === 'exports.progress') events.push(payload as { done: number; total: number });
  });
  for (let i = 0; i < 4; i++) {
    sellCash(core);
    sellMixed(core);
    sellPix(core);
  }
  // A customer with a quote in the description: CSV quoting must survive it.
  core.db.prepare(`UPDATE sale_lines SET description = 'Leite "Moça"; 395g' WHERE product_code = 3`).run();
  core.db.prepare(`UPDATE sales SET customer_cpf = '52998224725' WHERE document_number = 2`).run();
}, 60_000);

afterAll(() => core?.close());

const db = () => core.db;
const cents = (s: string) => Math.round(Number(s.replace(',', '.')) * 100);

function dbFigures(filter: SalesFilter) {
  const sum = core.services.salesQuery.summary(filter);
  const lines = db()
    .prepare(
      `SELECT coalesce(sum((l.quantity * l.unit_price_cents + 500) / 1000 - l.discount_cents + l.surcharge_cents), 0) AS t, count(*) AS n
       FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.status != 'aberta'`,
    )
    .get() as { t: number; n: number };
  return { ...sum, lineTotal: lines.t, lineCount: lines.n };
}

describe('exports', () => {
  it('CSV: UTF-8 BOM, ";" and decimal comma; parsed back with papaparse it matches the DB', async () => {
    const filter: SalesFilter = {};
    const r = await core.services.exports.start({ kind: 'sales', filter }, 'csv');
    const file = core.services.exports.file(r.id)!;
    const bytes = fs.readFileSync(file.file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), { header: true, delimiter: ';', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data;
    const want = dbFigures(filter);
    expect(rows).toHaveLength(want.lineCount);
    // The sale's figures are on its first row only: every money column sums to the right figure.
    const money = (x: Record<string, string>, k: string) => (x[k] ? cents(x[k]) : 0);
    const firsts = rows.filter((x) => x['Total da venda'] !== '');
    expect(new Set(firsts.map((x) => x['Número'])).size).toBe(want.count);
    expect(firsts).toHaveLength(want.count);
    const saleSum = rows.reduce((a, x) => a + money(x, 'Total da venda'), 0);
    expect(saleSum).toBe(want.totalCents + want.cancelledCents);
    expect(rows.reduce((a, x) => a + cents(x['Total do item']), 0)).toBe(want.lineTotal);
    const col = (k: string) => rows.reduce((a, x) => a + money(x, k), 0);
    expect(col('Total do item') - col('Desconto na venda') - col('Saldo fidelidade utilizado')).toBe(saleSum);
    expect(col('Subtotal da venda') - col('Descontos nos itens') - col('Desconto na venda') - col('Saldo fidelidade utilizado') + col('Acréscimos')).toBe(saleSum);
    const paidColumns = Object.keys(rows[0]).filter((k) => k.startsWith('Pago em '));
    expect(paidColumns.length).toBeGreaterThan(1);
    expect(paidColumns.reduce((a, k) => a + col(k), 0)).toBe(saleSum);
    // Codes as text: Excel keeps every digit of an EAN.
    const raw = bytes.toString('utf8');
    expect(raw).toMatch(/;="789\d{10}";/);
    expect(rows.every((x) => x.EAN === '' || /^="\d+"$/.test(x.EAN))).toBe(true);
    expect(rows.some((x) => x['Descrição'] === 'Leite "Moça"; 395g')).toBe(true);
    expect(rows.find((x) => x['Número'] === '2')!.CPF).toBe('***.982.247-**');
    expect(rows[0]['Data']).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(firsts.every((x) => /^\d+,\d{2}$/.test(x['Total da venda']))).toBe(true);
    expect(r.fileName).toMatch(/^vendas-\d{12}\.csv$/);
    expect(events.at(-1)).toMatchObject({ done: want.count, total: want.count });
  });

  it('XLSX: number cells in R$ format and date cells; read back with exceljs it matches the DB (filtered by form)', async () => {
    const filter: SalesFilter = { formCode: 1 };
    const r = await core.services.exports.start({ kind: 'sales', filter }, 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(core.services.exports.file(r.id)!.file);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const totals = new Map<number, number>();
    let dataRows = 0;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      dataRows++;
      const total = row.getCell(col('Total da venda'));
      expect(typeof row.getCell(col('EAN')).value === 'string' || row.getCell(col('EAN')).value === null).toBe(true);
      if (total.value === null || total.value === undefined) return; // the sale's figures are on its first row only
      expect(typeof total.value).toBe('number');
      expect(total.numFmt).toBe(BRL_FORMAT);
      expect(row.getCell(col('Data')).value).toBeInstanceOf(Date);
      totals.set(row.getCell(col('Número')).value as number, Math.round((total.value as number) * 100));
    });
    const want = core.services.salesQuery.summary(filter);
    expect(totals.size).toBe(want.count);
    expect([...totals.values()].reduce((a, b) => a + b, 0)).toBe(want.totalCents);
    expect(dataRows).toBe(r.rows);
    // The first row's date is the sale's local wall-clock time.
    const first = core.services.salesQuery.search(filter, undefined, 1).rows[0];
    expect((ws.getRow(2).getCell(col('Data')).value as Date).getTime()).toBe(excelDate(first.at).getTime());
  });

  it('report: CSV and XLSX carry the report figures', async () => {
    const from = '2000-01-01T00:00:00.000Z';
    const to = '2100-01-01T00:00:00.000Z';
    const report = (await core.dispatch('reports.daily', { from, to })) as { ok: true; value: { salesCount: number; totalCents: number; byForm: { formName: string; totalCents: number }[] } };
    const csv = await core.services.exports.start({ kind: 'report', from, to, tzOffsetMinutes: 0 }, 'csv');
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(core.services.exports.file(csv.id)!.file, 'utf8').slice(1), {
      header: true,
      delimiter: ';',
      skipEmptyLines: true,
    }).data;
    expect(rows[0]).toMatchObject({ 'Seção': 'Período', 'Descrição': 'De 01/01/2000 00:00 até 01/01/2100 00:00' });
    const vendas = rows.find((x) => x['Descrição'] === 'Vendas (sem as canceladas)')!;
    expect(Number(vendas.Quantidade)).toBe(report.value.salesCount);
    expect(cents(vendas.Valor)).toBe(report.value.totalCents);
    for (const f of report.value.byForm) {
      expect(cents(rows.find((x) => x['Seção'] === 'Forma de pagamento' && x['Descrição'] === f.formName)!.Valor)).toBe(f.totalCents);
    }
    expect(rows.filter((x) => x['Seção'] === 'Hora')).toHaveLength(24);

    const xlsx = await core.services.exports.start({ kind: 'report', from, to, tzOffsetMinutes: 0 }, 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(core.services.exports.file(xlsx.id)!.file);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(1).value).toBe('Período');
    const row = ws.getRow(3);
    expect(row.getCell(2).value).toBe('Vendas (sem as canceladas)');
    expect(Math.round((row.getCell(4).value as number) * 100)).toBe(report.value.totalCents);
    expect(row.getCell(4).numFmt).toBe(BRL_FORMAT);
  });

  it('an unknown export id is not served', () => {
    expect(core.services.exports.file('00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(core.services.exports.file('../../etc/passwd')).toBeNull();
  });
});
