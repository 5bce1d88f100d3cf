import fs from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';

/**
 * Row sinks for exports, both streaming (memory flat whatever the size):
 * CSV in UTF-8 with BOM, ';' and decimal comma (what Brazilian Excel opens
 * as columns); XLSX through exceljs' WorkbookWriter with real number cells in
 * R$ format and real date cells.
 */

type ExcelJs = typeof import('exceljs');
let excel: ExcelJs | null = null;
/** exceljs is loaded at the first .xlsx export, not at start: ~7 MB of heap and ~0.3 s that a till never uses. */
function excelModule(): ExcelJs {
  excel ??= createRequire(import.meta.url)('exceljs') as ExcelJs;
  return excel;
}

/** 'code': an EAN or product code, kept as text so a spreadsheet keeps every digit (no 7,89E+12). */
export type Cell =
  | { t: 'text'; v: string | null }
  | { t: 'code'; v: string | null }
  | { t: 'int'; v: number | null }
  | { t: 'money'; cents: number | null }
  | { t: 'date'; iso: string | null };

export interface Column {
  header: string;
  width: number;
}

export interface RowSink {
  add(cells: Cell[]): Promise<void>;
  close(): Promise<void>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local "dd/MM/yyyy HH:mm:ss". */
export function csvDate(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** 123456 → "1234,56"; -5 → "-0,05" (no thousands separator: unambiguous for Excel and parsers). */
export function csvMoney(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  return `${sign}${Math.floor(a / 100)},${pad(a % 100)}`;
}

function csvQuote(s: string): string {
  return /[";\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV injection (OWASP "CSV Injection"): a text cell that starts with = + - @, a tab or a carriage return is
 * read by a spreadsheet as a formula (`=HYPERLINK(...)` in a product name runs when the export is opened).
 * Such a cell is written with a leading single quote (shown as text, never evaluated) and quoted.
 */
export function neutralizeCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** A text cell as written to the CSV: neutralised, then quoted when it needs to be (always, when neutralised). */
export function csvText(s: string): string {
  const safe = neutralizeCell(s);
  return safe !== s ? `"${safe.replace(/"/g, '""')}"` : csvQuote(s);
}

function csvCell(c: Cell): string {
  switch (c.t) {
    case 'text':
      return c.v === null ? '' : csvText(c.v);
    case 'code':
      // Digits only: ="7891234567895" is how a CSV tells Excel "this is text" (nothing else can be in it).
      return c.v === null ? '' : /^\d+$/.test(c.v) ? `="${c.v}"` : csvText(c.v);
    case 'int':
      return c.v === null ? '' : String(c.v);
    case 'money':
      return c.cents === null ? '' : csvMoney(c.cents);
    case 'date':
      return c.iso === null ? '' : csvDate(c.iso);
  }
}

export async function csvSink(file: string, columns: Column[]): Promise<RowSink> {
  const out = fs.createWriteStream(file, { encoding: 'utf8', mode: 0o600 });
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('\uFEFF' + columns.map((c) => csvText(c.header)).join(';') + '\r\n');
  return {
    add: (cells) => write(cells.map(csvCell).join(';') + '\r\n'),
    close: async () => {
      out.end();
      await once(out, 'finish');
    },
  };
}

export const BRL_FORMAT = '"R$" #,##0.00;[Red]-"R$" #,##0.00';
export const DATE_FORMAT = 'dd/mm/yyyy hh:mm:ss';

/** Excel dates have no time zone: write the local wall-clock time. */
export function excelDate(iso: string): Date {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
}

interface StreamState {
  length: number;
  needDrain?: boolean;
}
type Piped = NodeJS.EventEmitter & { _writableState?: StreamState; _readableState?: StreamState };

/**
 * exceljs writes each committed row into a buffer that the zip (archiver) reads
 * through a PassThrough, ignoring backpressure: left alone, the whole sheet's XML
 * piles up there. Wait until the zip has taken it (memory stays flat).
 */
async function zipCaughtUp(sheetStream: unknown, limit = 1 << 20): Promise<void> {
  const pipes = ((sheetStream as { pipes?: Piped[] }).pipes ?? []) as Piped[];
  for (const p of pipes) {
    for (;;) {
      const pending = (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0);
      if (pending <= limit) break;
      if (p._writableState?.needDrain) await once(p, 'drain');
      else await new Promise((r) => setTimeout(r, 5));
    }
  }
}

export async function xlsxSink(file: string, sheetName: string, columns: Column[], kinds: Cell['t'][]): Promise<RowSink> {
  const wb = new (excelModule().stream.xlsx.WorkbookWriter)({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'Balcão';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({
    header: c.header,
    width: c.width,
    style: kinds[i] === 'money' ? { numFmt: BRL_FORMAT } : kinds[i] === 'date' ? { numFmt: DATE_FORMAT } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let n = 0;
  return {
    add: async (cells) => {
      const values = cells.map((c) => {
        switch (c.t) {
          case 'text':
          case 'code':
            return c.v;
          case 'int':
            return c.v;
          case 'money':
            return c.cents === null ? null : c.cents / 100;
          case 'date':
            return c.iso === null ? null : excelDate(c.iso);
        }
      });
      ws.addRow(values).commit();
      if (++n % 500 === 0) await zipCaughtUp((ws as unknown as { stream: unknown }).stream);
    },
    close: async () => {
      ws.commit();
      await wb.commit();
    },
  };
}
