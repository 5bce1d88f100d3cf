/**
 * "Exportar" → CSV (UTF-8 BOM, `;`, decimal comma) or XLSX (exceljs streaming writer), produced page by
 * page (keyset, 1,000 rows) while the response streams: memory stays flat whatever the row count.
 * Text cells that a spreadsheet would run as a formula (= + - @ tab CR) are prefixed with ' (CSV injection).
 */
import { PassThrough, Readable } from 'node:stream';
import type { Db } from '../db/db';
import type { PanelPrincipal } from './auth-roles';
import type { SaleFilters } from './filters';
import { pixPage, salesPage, type SaleRow } from './sales';

const PAGE = 1000;

export const EXPORT_COLUMNS = [
  'Data/hora',
  'Loja',
  'Caixa',
  'Número',
  'Status',
  'Operador',
  'CPF',
  'Itens',
  'Valor bruto (R$)',
  'Descontos (R$)',
  'Saldo fidelidade utilizado (R$)',
  'Acréscimos (R$)',
  'Total (R$)',
  'Formas de pagamento',
];

export function neutralize(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(v: string): string {
  const t = neutralize(v);
  return /[";\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

const decimal = (cents: number) => {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  return `${sign}${Math.floor(a / 100)},${String(a % 100).padStart(2, '0')}`;
};

// One formatter for the process: a formatter per row holds ICU memory outside the JS heap that the GC does
// not feel (the bench measured ~19 kB of RSS per exported row before this), and is slow.
const BR_DATE = new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'medium' });
const SP_PARTS = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Sao_Paulo', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
const dateBR = (iso: string) => BR_DATE.format(new Date(iso)).replace(',', '');
/** The instant's São Paulo wall clock as a Date whose UTC fields carry it (XLSX date cells have no zone). */
function spWallClock(iso: string): Date {
  const p = Object.fromEntries(SP_PARTS.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)));
}

const statusLabel = (s: string) => (s === 'cancelada' ? 'Cancelada' : 'Finalizada');

async function* allRows(db: Db, p: PanelPrincipal, f: SaleFilters): AsyncGenerator<SaleRow> {
  let cursor: { at: string; id: string } | null = null;
  for (;;) {
    const page = await salesPage(db, p, f, cursor, PAGE);
    yield* page.rows;
    if (!page.next) return;
    const i = page.next.lastIndexOf('|');
    cursor = { at: page.next.slice(0, i), id: page.next.slice(i + 1) };
  }
}

export function csvStream(db: Db, p: PanelPrincipal, f: SaleFilters): Readable {
  async function* gen() {
    yield '\uFEFF' + EXPORT_COLUMNS.map(csvCell).join(';') + '\r\n';
    let batch = '';
    let n = 0;
    for await (const r of allRows(db, p, f)) {
      batch +=
        [
          csvCell(dateBR(r.finalizedAt)),
          csvCell(r.storeName),
          csvCell(r.tillName),
          r.number === null ? '' : String(r.number),
          statusLabel(r.status),
          csvCell(r.operator),
          csvCell(r.cpf ?? ''),
          String(r.itemCount),
          decimal(r.grossCents),
          decimal(r.discountCents),
          decimal(r.redemptionCents),
          decimal(r.surchargeCents),
          decimal(r.totalCents),
          csvCell(r.forms.join(' + ')),
        ].join(';') + '\r\n';
      if (++n % 500 === 0) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  return Readable.from(gen(), { objectMode: false });
}

export function xlsxStream(db: Db, p: PanelPrincipal, f: SaleFilters): Readable {
  const out = new PassThrough();
  (async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('Transações');
    const money = '"R$" #,##0.00';
    ws.columns = EXPORT_COLUMNS.map((header, i) => ({
      header,
      width: i === 0 ? 20 : i >= 8 && i <= 12 ? 16 : 18,
      style: i === 0 ? { numFmt: 'dd/mm/yyyy hh:mm:ss' } : i >= 8 && i <= 12 ? { numFmt: money } : {},
    }));
    for await (const r of allRows(db, p, f)) {
      // Excel has no time zones: the local (Brasília) wall time as a date value.
      const local = spWallClock(r.finalizedAt);
      ws.addRow([
        local,
        neutralize(r.storeName),
        neutralize(r.tillName),
        r.number,
        statusLabel(r.status),
        neutralize(r.operator),
        r.cpf ?? '',
        r.itemCount,
        r.grossCents / 100,
        r.discountCents / 100,
        r.redemptionCents / 100,
        r.surchargeCents / 100,
        r.totalCents / 100,
        neutralize(r.forms.join(' + ')),
      ]).commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err as Error));
  return out;
}

/** "Pagamentos PIX" → .xlsx (seed 004's "arquivo de vendas"): one row per PIX/wallet payment, streamed. */
export function pixXlsxStream(db: Db, p: PanelPrincipal, f: SaleFilters, url: URL): Readable {
  const out = new PassThrough();
  (async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('Pagamentos PIX');
    ws.columns = [
      { header: 'Data/hora', width: 20, style: { numFmt: 'dd/mm/yyyy hh:mm:ss' } },
      { header: 'Loja', width: 20 },
      { header: 'Caixa', width: 14 },
      { header: 'Venda (número)', width: 14 },
      { header: 'Carteira', width: 16 },
      { header: 'Status', width: 16 },
      { header: 'Valor (R$)', width: 14, style: { numFmt: '"R$" #,##0.00' } },
      { header: 'End-to-end', width: 34 },
      { header: 'Pedido', width: 30 },
    ];
    let after: { at: string; id: string; no: number } | null = null;
    do {
      const page = await pixPage(db, p, f, url, PAGE, after);
      for (const r of page.rows) {
        const local = spWallClock(r.at);
        ws.addRow([local, neutralize(r.storeName), neutralize(r.tillName), r.number, r.wallet, r.status, r.amountCents / 100, r.endToEnd ?? '', neutralize(r.reference ?? '')]).commit();
      }
      after = page.after;
    } while (after);
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err as Error));
  return out;
}
