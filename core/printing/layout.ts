import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import type { PrinterCharset, PrinterType } from '../../shared/api/printing';

type Thermal = typeof import('node-thermal-printer');
let thermal: Thermal | null = null;
/** node-thermal-printer (and what it pulls in) is loaded on the first print, not at start. */
function printerModule(): Thermal {
  thermal ??= createRequire(import.meta.url)('node-thermal-printer') as Thermal;
  return thermal;
}

export interface LayoutOptions {
  type: PrinterType;
  paperMm: 58 | 80;
  characterSet: PrinterCharset;
}

/** Columns of Font A: 48 on 80 mm paper, 32 on 58 mm. */
export function columnsFor(paperMm: 58 | 80): number {
  return paperMm === 58 ? 32 : 48;
}

const ICONV: Record<PrinterCharset, string> = {
  PC860_PORTUGUESE: 'CP860',
  WPC1252: 'CP1252',
  PC850_MULTILINGUAL: 'CP850',
};

/** Typography that no receipt code page has, mapped to plain ASCII. */
const ASCII_FALLBACK: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2022': '*',
  '\u20ac': 'EUR',
};

const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const encodable = new Map<string, boolean>();
function canEncode(ch: string, cp: string): boolean {
  const key = cp + ch;
  let ok = encodable.get(key);
  if (ok === undefined) {
    ok = iconv.decode(iconv.encode(ch, cp), cp) === ch;
    encodable.set(key, ok);
  }
  return ok;
}

/**
 * NFC-normalises and keeps only what the code page can print: a character it
 * lacks becomes its base letter ("ő" → "o"), known typography becomes ASCII,
 * anything else "?". Control characters become spaces. One char = one column.
 */
export function printable(text: string, charset: PrinterCharset): string {
  const cp = ICONV[charset];
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    // C0/C1 controls (ESC, GS, LF, NUL…) and invisible format characters never reach the printer as
    // commands: a store name or a partner's message cannot open the drawer, cut, or add a line.
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || CONTROL_OR_FORMAT.test(ch)) out += ' ';
    else if (code < 0x7f) out += ch;
    else if (canEncode(ch, cp)) out += ch;
    else if (ASCII_FALLBACK[ch]) out += ASCII_FALLBACK[ch];
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base.length === 1 && base.charCodeAt(0) < 0x7f ? base : '?';
    }
  }
  return out;
}

/** QR and barcode payloads must be ASCII (the library counts JS chars but sends UTF-8 bytes). */
export function asciiOnly(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** Word-wraps to `width` columns; words longer than a line are split. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    const words = para.split(/\s+/).filter(Boolean);
    let line = '';
    for (let w of words) {
      while (w.length > width) {
        if (line) {
          out.push(line);
          line = '';
        }
        out.push(w.slice(0, width));
        w = w.slice(width);
      }
      if (!w) continue;
      if (!line) line = w;
      else if (line.length + 1 + w.length <= width) line += ' ' + w;
      else {
        out.push(line);
        line = w;
      }
    }
    out.push(line);
  }
  return out;
}

/** ESC @ (initialise) — the first bytes of every job. */
const ESC_INIT = Buffer.from([0x1b, 0x40]);
const LF = Buffer.from([0x0a]);

export interface Cell {
  text: string;
  cols: number;
  align?: 'LEFT' | 'RIGHT' | 'CENTER';
}

/**
 * The layout engine: one node-thermal-printer object per job, text laid out
 * here (columns are whole numbers that sum to the width, wrapping is ours),
 * and the library's known pitfalls handled:
 *  - every job starts with ESC @ then the code page (ESC t n);
 *  - the library's cut() appends ESC @, which resets the code page: the code
 *    page is selected again after every cut;
 *  - QR/barcode data are forced to ASCII;
 *  - the Epson drawer command of the library lacks t1 t2: the full
 *    ESC p m t1 t2 is sent instead;
 *  - text is NFC-normalised and limited to what the code page can print.
 */
export class ReceiptBuilder {
  readonly width: number;
  private readonly p: InstanceType<Thermal['ThermalPrinter']>;

  constructor(readonly opts: LayoutOptions) {
    this.width = columnsFor(opts.paperMm);
    const { ThermalPrinter, PrinterTypes, BreakLine } = printerModule();
    this.p = new ThermalPrinter({
      type: PrinterTypes[opts.type],
      // No interface: the bytes are taken with getBuffer() and sent by our transport.
      interface: '',
      width: this.width,
      characterSet: opts.characterSet as never,
      breakLine: BreakLine.NONE,
    });
    // The constructor already appended ESC t n without ESC @ before it: start over.
    this.p.setBuffer(ESC_INIT);
    this.p.setCharacterSet(this.codePage());
  }

  /** The library's code page name; Star has no PC850 (its table lists PC858, the same plus €). */
  private codePage(): never {
    const cs = this.opts.type === 'STAR' && this.opts.characterSet === 'PC850_MULTILINGUAL' ? 'PC858_EURO' : this.opts.characterSet;
    return cs as never;
  }

  private text(s: string): string {
    return printable(s, this.opts.characterSet);
  }

  /** One printed line, cut to the width (callers wrap first). */
  /**
   * One printed line, cut to the width (callers wrap first). Text goes in as
   * bytes of the selected code page: the library's string path appends byte
   * by byte (and re-copies the whole buffer for every space of a padded row),
   * which made a receipt cost milliseconds.
   */
  private put(s: string, width = this.width): this {
    this.p.add(Buffer.concat([iconv.encode(this.text(s).slice(0, width), this.iconvName()), LF]));
    return this;
  }

  private iconvName(): string {
    return this.opts.type === 'STAR' && this.opts.characterSet === 'PC850_MULTILINGUAL' ? 'CP858' : ICONV[this.opts.characterSet];
  }

  left(s: string): this {
    for (const l of wrap(this.text(s), this.width)) this.put(l);
    return this;
  }

  center(s: string, opts: { bold?: boolean; big?: boolean } = {}): this {
    this.p.alignCenter();
    // Size first: on ESC/POS "quad area" is ESC ! 0x30, which would clear a bold set before it.
    if (opts.big) this.p.setTextQuadArea();
    if (opts.bold) this.p.bold(true);
    const width = opts.big ? Math.floor(this.width / 2) : this.width;
    for (const l of wrap(this.text(s), width)) this.put(l, width);
    if (opts.bold) this.p.bold(false);
    if (opts.big) this.p.setTextNormal();
    this.p.alignLeft();
    return this;
  }

  /** Label on the left, value on the right; the label wraps when both do not fit. */
  pair(label: string, value: string, opts: { bold?: boolean } = {}): this {
    const v = this.text(value).slice(0, this.width);
    const room = this.width - v.length - 1;
    const labelLines = room > 0 ? wrap(this.text(label), room) : wrap(this.text(label), this.width);
    if (opts.bold) this.p.bold(true);
    if (room <= 0 || (labelLines.length > 1 && this.text(label).length <= this.width)) {
      // Label on its own line, value right-aligned below it.
      const own = wrap(this.text(label), this.width);
      if (opts.bold) this.p.bold(true);
      for (const l of own) this.put(l);
      this.row([{ text: v, cols: this.width, align: 'RIGHT' }]);
      if (opts.bold) this.p.bold(false);
      return this;
    }
    if (room <= 0) {
      for (const l of labelLines) this.put(l);
      this.row([{ text: v, cols: this.width, align: 'RIGHT' }]);
    } else {
      labelLines.slice(0, -1).forEach((l) => this.put(l));
      const last = labelLines[labelLines.length - 1];
      this.row([
        { text: last, cols: this.width - v.length, align: 'LEFT' },
        { text: v, cols: v.length, align: 'RIGHT' },
      ]);
    }
    if (opts.bold) this.p.bold(false);
    return this;
  }

  /**
   * A table row: whole `cols` that sum to the width (the library's tableCustom
   * with fractional `width`s overflows the line, and pads one append per
   * space; cells are padded here instead).
   */
  row(cells: Cell[]): this {
    const total = cells.reduce((s, c) => s + c.cols, 0);
    if (total !== this.width || cells.some((c) => !Number.isInteger(c.cols) || c.cols < 1)) {
      throw new Error(`colunas devem ser inteiras e somar ${this.width} (somam ${total})`);
    }
    const line = cells
      .map((c) => {
        const t = this.text(c.text).slice(0, c.cols);
        if (c.align === 'RIGHT') return t.padStart(c.cols);
        if (c.align === 'CENTER') return t.padStart(Math.floor((c.cols + t.length) / 2)).padEnd(c.cols);
        return t.padEnd(c.cols);
      })
      .join('');
    this.put(line);
    return this;
  }

  rule(ch = '-'): this {
    this.put(ch.repeat(this.width));
    return this;
  }

  blank(): this {
    this.p.newLine();
    return this;
  }

  bold(on: boolean): this {
    this.p.bold(on);
    return this;
  }

  qr(data: string): this {
    this.p.alignCenter();
    const ascii = asciiOnly(data);
    if (this.opts.type === 'STAR') {
      // The library's Star QR omits the data command (ESC GS y D 1 m nL nH): sent in full here.
      const cell = this.width >= 48 ? 6 : 4;
      this.p.add(
        Buffer.concat([
          Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x30, 0x02, 0x1b, 0x1d, 0x79, 0x53, 0x31, 0x01, 0x1b, 0x1d, 0x79, 0x53, 0x32, cell]),
          Buffer.from([0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00, ascii.length % 256, Math.floor(ascii.length / 256)]),
          Buffer.from(ascii, 'ascii'),
          Buffer.from([0x1b, 0x1d, 0x79, 0x50]),
        ]),
      );
    } else this.p.printQR(ascii, { cellSize: this.width >= 48 ? 6 : 4, correction: 'M', model: 2 });
    this.p.newLine();
    this.p.alignLeft();
    return this;
  }

  /** CODE128 of an ASCII value (e.g. the sale number). */
  barcode(data: string): this {
    const ascii = asciiOnly(data);
    this.p.alignCenter();
    if (this.opts.type === 'STAR') this.p.code128(ascii, { text: 2, width: 'MEDIUM', height: 60 });
    else this.p.printBarcode(ascii, 73, { hriPos: 2, hriFont: 0, width: this.width >= 48 ? 2 : 2, height: 60 });
    this.p.newLine();
    this.p.alignLeft();
    return this;
  }

  /** Cash drawer pulse on pin 2: the full ESC p 0 t1 t2 (50 ms on, 500 ms off). */
  drawer(): this {
    if (this.opts.type === 'STAR') this.p.openCashDrawer();
    else this.p.add(Buffer.from([0x1b, 0x70, 0x00, 25, 250]));
    return this;
  }

  /** Feed and full cut; the library re-initialises after the cut, so the code page is selected again. */
  cut(): this {
    this.p.cut();
    this.p.setCharacterSet(this.codePage());
    return this;
  }

  /** Feed a few lines so the end of the receipt clears the tear bar (when not cutting). */
  feed(lines = 4): this {
    for (let i = 0; i < lines; i++) this.p.newLine();
    return this;
  }

  buffer(): Buffer {
    return Buffer.from(this.p.getBuffer());
  }
}
