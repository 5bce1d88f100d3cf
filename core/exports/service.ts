import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { privateDir } from '../kernel/private-files';
import path from 'node:path';
import type { ExportFormat, ExportTarget } from '../../shared/api/exports';
import type { SalesFilter } from '../../shared/api/sales-query';
import { lineTotalCents } from '../../shared/quantity';
import type { CardDetails } from '../../shared/api/sales';
import { describeCard } from '../../shared/card';
import { AppError } from '../kernel/errors';
import type { Emit } from '../kernel/events';
import type { Db } from '../db/open';
import { dailyReport } from '../reports/daily';
import type { SalesQuery } from '../sales-query/query';
import { PAYMENT_FORMS } from '../../shared/api/sales';
import { csvSink, xlsxSink, type Cell, type Column, type RowSink } from './writers';

const STATUS: Record<string, string> = { aberta: 'Pré-venda', finalizada: 'Finalizada', cancelada: 'Cancelada' };

type ExportColumn = Column & { kind: Cell['t'] };

/**
 * One row per item. The sale's own figures (subtotal, discounts, loyalty balance used, total, the amount per
 * payment form) are on its FIRST row only, so every money column sums to the right figure:
 * Σ Total do item − Σ Desconto na venda − Σ Saldo fidelidade utilizado + Σ Acréscimos = Σ Total da venda,
 * and Σ "Pago em …" = Σ Total da venda.
 */
export function salesColumns(forms: { code: number; name: string }[]): ExportColumn[] {
  return [
    { header: 'Número', width: 9, kind: 'int' },
    { header: 'Série', width: 6, kind: 'text' },
    { header: 'Data', width: 20, kind: 'date' },
    { header: 'Situação', width: 11, kind: 'text' },
    { header: 'Operador', width: 16, kind: 'text' },
    { header: 'CPF', width: 16, kind: 'text' },
    { header: 'Formas de pagamento', width: 26, kind: 'text' },
    { header: 'Cartões (bandeira, parcelas, NSU, autorização)', width: 40, kind: 'text' },
    { header: 'Subtotal da venda', width: 14, kind: 'money' },
    { header: 'Descontos nos itens', width: 14, kind: 'money' },
    { header: 'Desconto na venda', width: 14, kind: 'money' },
    { header: 'Saldo fidelidade utilizado', width: 14, kind: 'money' },
    { header: 'Acréscimos', width: 12, kind: 'money' },
    { header: 'Total da venda', width: 14, kind: 'money' },
    ...forms.map((f): ExportColumn => ({ header: `Pago em ${f.name}`, width: 14, kind: 'money' })),
    { header: 'Item', width: 6, kind: 'int' },
    { header: 'Código', width: 10, kind: 'code' },
    { header: 'EAN', width: 15, kind: 'code' },
    { header: 'Descrição', width: 40, kind: 'text' },
    { header: 'Quantidade', width: 11, kind: 'qty' },
    { header: 'Unidade', width: 8, kind: 'text' },
    { header: 'Preço unitário', width: 14, kind: 'money' },
    { header: 'Desconto do item', width: 14, kind: 'money' },
    { header: 'Total do item', width: 14, kind: 'money' },
  ];
}
const ITEM_COLUMNS = 9;

/** An instant as the screen's wall clock: "07/12/2026 00:00" (local = UTC + tzOffsetMinutes, as the report). */
function localStamp(iso: string, tzOffsetMinutes: number): string {
  const d = new Date(Date.parse(iso) + tzOffsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export const REPORT_COLUMNS: ExportColumn[] = [
  { header: 'Seção', width: 20, kind: 'text' },
  { header: 'Descrição', width: 32, kind: 'text' },
  { header: 'Quantidade', width: 12, kind: 'int' },
  { header: 'Valor', width: 16, kind: 'money' },
];

interface LineRow {
  line_order: number;
  product_code: number;
  ean: string;
  description: string;
  /** Thousandths. */
  quantity: number;
  unit: string;
  unit_price_cents: number;
  discount_cents: number;
  surcharge_cents: number;
  fixed_gross_cents: number | null;
}

interface CardRow {
  form_code: number;
  card_brand: string | null;
  installments: number | null;
  nsu: string | null;
  authorization_code: string | null;
}

function cardView(c: CardRow): CardDetails {
  return { brand: c.card_brand as CardDetails['brand'], installments: c.installments, nsu: c.nsu, authorization: c.authorization_code };
}

/** A line's gross: quantity (thousandths) × price rounded once, or a price label's printed total. */
const grossOf = (l: LineRow) => l.fixed_gross_cents ?? lineTotalCents(l.quantity, l.unit_price_cents);

export interface ExportsDeps {
  db: Db;
  query: SalesQuery;
  dir: string;
  emit: Emit;
  now: () => Date;
}

/**
 * Exports of Minhas vendas (the filtered list with its lines) and of the
 * report, to a file in <dataDir>/exports, page by page (keyset), so memory
 * does not grow with the number of sales. The file is handed out by id.
 */
export class ExportService {
  private readonly files = new Map<string, { file: string; fileName: string; at: number }>();
  private readonly lines;
  private readonly saleMoney;
  private readonly paid;
  private readonly formsUsed;
  private readonly cards;

  constructor(private readonly deps: ExportsDeps) {
    // Files left by an earlier run (never handed out again) go away.
    try {
      for (const f of fs.readdirSync(deps.dir)) if (/^[0-9a-f-]{36}\.(csv|xlsx)$/.test(f)) fs.rmSync(path.join(deps.dir, f), { force: true });
    } catch {
      /* no folder yet */
    }
    this.lines = deps.db.prepare<[string], LineRow>(
      `SELECT line_order, product_code, ean, description, quantity, unit, unit_price_cents, discount_cents, surcharge_cents, fixed_gross_cents
       FROM sale_lines WHERE sale_id = ? ORDER BY line_order`,
    );
    this.cards = deps.db.prepare<[string], CardRow>(
      `SELECT form_code, card_brand, installments, nsu, authorization_code FROM payments
       WHERE sale_id = ? AND (card_brand IS NOT NULL OR installments IS NOT NULL OR nsu IS NOT NULL OR authorization_code IS NOT NULL) ORDER BY id`,
    );
    this.saleMoney = deps.db.prepare<[string], { sale_discount_cents: number; redemption_cents: number }>(
      `SELECT sale_discount_cents, redemption_cents FROM sales WHERE id = ?`,
    );
    this.paid = deps.db.prepare<[string], { form_code: number; amount: number }>(
      `SELECT form_code, sum(amount_cents) AS amount FROM payments WHERE sale_id = ? GROUP BY form_code`,
    );
    // The forms any finished sale used (the hourly aggregate: a few rows, not every payment).
    this.formsUsed = deps.db.prepare<[], { form_code: number }>(`SELECT DISTINCT form_code FROM sales_hourly_form ORDER BY form_code`);
  }

  private sink(format: ExportFormat, file: string, sheet: string, cols: ExportColumn[]): Promise<RowSink> {
    return format === 'csv' ? csvSink(file, cols) : xlsxSink(file, sheet, cols, cols.map((c) => c.kind));
  }

  async start(target: ExportTarget, format: ExportFormat): Promise<{ id: string; fileName: string; rows: number; sales: number }> {
    this.sweep();
    // The exports hold sales and CPFs: the folder 0700, each file 0600 from its first byte (created here,
    // exclusively, without following a link; the writers then reopen it, which keeps its mode).
    privateDir(this.deps.dir);
    const id = randomUUID();
    const stamp = this.deps.now().toISOString().slice(0, 16).replace(/[-:T]/g, '');
    const fileName = `${target.kind === 'sales' ? 'vendas' : 'relatorio'}-${stamp}.${format}`;
    const file = path.join(this.deps.dir, `${id}.${format}`);
    fs.closeSync(fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600));
    try {
      const r = target.kind === 'sales' ? await this.writeSales(id, target.filter, format, file) : await this.writeReport(target, format, file);
      this.files.set(id, { file, fileName, at: Date.now() });
      return { id, fileName, ...r };
    } catch (err) {
      fs.rmSync(file, { force: true });
      throw err instanceof AppError ? err : new AppError('export.failed', `Não foi possível exportar: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async writeSales(id: string, filter: SalesFilter, format: ExportFormat, file: string) {
    const total = this.deps.query.summary(filter).count;
    const forms = this.formsUsed.all().map((r) => ({ code: r.form_code, name: PAYMENT_FORMS[r.form_code as keyof typeof PAYMENT_FORMS] ?? `Forma ${r.form_code}` }));
    const sink = await this.sink(format, file, 'Vendas', salesColumns(forms));
    let sales = 0;
    let rows = 0;
    this.deps.emit('exports.progress', { id, done: 0, total });
    try {
      for (const s of this.deps.query.iterate(filter)) {
        const lines = this.lines.all(s.id);
        const money = this.saleMoney.get(s.id) ?? { sale_discount_cents: 0, redemption_cents: 0 };
        const paid = new Map(this.paid.all(s.id).map((p) => [p.form_code, p.amount]));
        const sum = (f: (l: LineRow) => number) => lines.reduce((a, l) => a + f(l), 0);
        const ident: Cell[] = [
          { t: 'int', v: s.documentNumber },
          { t: 'text', v: s.series },
          { t: 'date', iso: s.at },
          { t: 'text', v: STATUS[s.status] ?? s.status },
          { t: 'text', v: s.operatorName },
          { t: 'text', v: s.customerCpfMasked },
          { t: 'text', v: s.formNames.join(', ') },
          { t: 'text', v: this.cards.all(s.id).map((c) => `${PAYMENT_FORMS[c.form_code as 3] ?? c.form_code} ${describeCard(cardView(c))}`.trim()).join('; ') || null },
        ];
        const figures: Cell[] = [
          { t: 'money', cents: sum(grossOf) },
          { t: 'money', cents: sum((l) => l.discount_cents) },
          { t: 'money', cents: money.sale_discount_cents },
          { t: 'money', cents: money.redemption_cents },
          { t: 'money', cents: sum((l) => l.surcharge_cents) },
          { t: 'money', cents: s.netCents },
          ...forms.map((f): Cell => ({ t: 'money', cents: paid.get(f.code) ?? null })),
        ];
        // The sale's figures on its first row only (sums add up); its identity on every row (filters, pivots).
        const blank = figures.map((): Cell => ({ t: 'money', cents: null }));
        const head = (first: boolean): Cell[] => [...ident, ...(first ? figures : blank)];
        if (lines.length === 0) {
          await sink.add([...head(true), ...Array.from({ length: ITEM_COLUMNS }, (): Cell => ({ t: 'text', v: null }))]);
          rows++;
        }
        for (const [i, l] of lines.entries()) {
          const gross = grossOf(l);
          await sink.add([
            ...head(i === 0),
            { t: 'int', v: l.line_order },
            { t: 'code', v: String(l.product_code) },
            { t: 'code', v: l.ean || null },
            { t: 'text', v: l.description },
            { t: 'qty', milli: l.quantity },
            { t: 'text', v: l.unit },
            { t: 'money', cents: l.unit_price_cents },
            { t: 'money', cents: l.discount_cents },
            { t: 'money', cents: gross - l.discount_cents + l.surcharge_cents },
          ]);
          rows++;
        }
        if (++sales % 500 === 0) {
          this.deps.emit('exports.progress', { id, done: sales, total });
          await new Promise((r) => setImmediate(r));
        }
      }
    } finally {
      await sink.close();
    }
    this.deps.emit('exports.progress', { id, done: sales, total: Math.max(total, sales) });
    return { rows, sales };
  }

  private async writeReport(t: Extract<ExportTarget, { kind: 'report' }>, format: ExportFormat, file: string) {
    const r = dailyReport(this.deps.db, t.from, t.to, t.tzOffsetMinutes);
    const sink = await this.sink(format, file, 'Relatório', REPORT_COLUMNS);
    const rows: [string, string, number | null, number | null][] = [
      // The period first: the file says what it covers (local time of the screen that asked).
      ['Período', `De ${localStamp(t.from, t.tzOffsetMinutes)} até ${localStamp(t.to, t.tzOffsetMinutes)}`, null, null],
      ['Resumo', 'Vendas (sem as canceladas)', r.salesCount, r.totalCents],
      ['Resumo', 'Ticket médio', null, r.averageTicketCents],
      ['Resumo', 'Cancelamentos', r.cancelledCount, r.cancelledCents],
      ['Resumo', 'Descontos nos itens', null, r.itemDiscountCents],
      ['Resumo', 'Descontos na venda', null, r.saleDiscountCents],
      ['Resumo', 'Saldo fidelidade resgatado', null, r.redeemedCents],
      ['Resumo', 'Bônus fidelidade gerado', null, r.bonusCents],
      ...r.byForm.map((f): [string, string, number, number] => ['Forma de pagamento', f.formName, f.count, f.totalCents]),
      ...r.byCardBrand.map((c): [string, string, number, number] => ['Cartão por bandeira', `${PAYMENT_FORMS[c.formCode as 3] ?? c.formCode} ${c.brand}`, c.count, c.totalCents]),
      ...r.byOperator.map((o): [string, string, number, number] => ['Operador', o.operatorName, o.count, o.totalCents]),
      ...r.byHour.map((h): [string, string, number, number] => ['Hora', `${String(h.hour).padStart(2, '0')}h`, h.count, h.totalCents]),
    ];
    try {
      for (const [a, b, n, v] of rows) await sink.add([{ t: 'text', v: a }, { t: 'text', v: b }, { t: 'int', v: n }, { t: 'money', cents: v }]);
    } finally {
      await sink.close();
    }
    return { rows: rows.length, sales: r.salesCount };
  }

  /** The finished file of an export id (the download route and the Electron shell serve it). */
  file(id: string): { file: string; fileName: string } | null {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const f = this.files.get(id);
    return f && fs.existsSync(f.file) ? { file: f.file, fileName: f.fileName } : null;
  }

  /** Files older than an hour go away. */
  private sweep(): void {
    const limit = Date.now() - 3600_000;
    for (const [id, f] of this.files) {
      if (f.at < limit) {
        fs.rmSync(f.file, { force: true });
        this.files.delete(id);
      }
    }
  }
}
