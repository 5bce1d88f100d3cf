import { codePageTable, EPSON_CODE_PAGES, STAR_CODE_PAGES } from './code-pages';
import type { Align, DecodedEvent, DecodedJob, DecodedLine, Dialect, UnknownCommand } from './types';

/** The print attributes in force (ESC E, ESC !, GS !, ESC a, ESC t …). */
interface Mode {
  bold: boolean;
  underline: boolean;
  doubleWidth: boolean;
  doubleHeight: boolean;
  invert: boolean;
  align: Align;
  codePage: string;
}

const initialMode = (): Mode => ({
  bold: false,
  underline: false,
  doubleWidth: false,
  doubleHeight: false,
  invert: false,
  align: 'left',
  codePage: 'CP437',
});

type Pulse = { pin: number; onMs: number; offMs: number };

const hex = (buf: Uint8Array, from: number, to: number) =>
  Array.from(buf.subarray(from, Math.min(to, buf.length)))
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(' ');

/**
 * One job being decoded: the bytes, the attributes in force, the line being printed and what the
 * job did so far. Each command family (esc.ts, gs.ts, control.ts, star.ts) reads its command at an
 * offset and acts through these methods; `finish()` gives the DecodedJob.
 */
export class JobBuilder {
  readonly star: boolean;
  readonly n: number;
  mode: Mode = initialMode();
  /** 2D code data stored by one command and printed by another (QR, PDF417). */
  qrStore = '';
  pdfStore = '';
  /** Star Line Mode: the pulse widths ESC BEL set for the next drawer kick. */
  starPulse = { onMs: 200, offMs: 200 };
  /** The text of the line being printed (not yet fed). */
  current = '';
  private lineMode: Mode | null = null; // attributes when the first char of the line was printed
  private readonly lines: DecodedLine[] = [];
  private readonly events: DecodedEvent[] = [];
  private readonly unknown: UnknownCommand[] = [];
  private readonly qrCodes: string[] = [];
  private readonly barcodes: { type: number; data: string }[] = [];
  private readonly drawerPulses: Pulse[] = [];
  private readonly codePages: string[] = [];
  private images = 0;
  private statusRequests = 0;
  private cuts = 0;

  constructor(
    readonly buf: Uint8Array,
    dialect: Dialect,
  ) {
    this.star = dialect === 'star';
    this.n = buf.length;
  }

  /** Ends the line being printed (force: even an empty one, i.e. a paper feed). */
  flush(force: boolean): void {
    if (!force && this.current === '') return;
    const m = this.lineMode ?? this.mode;
    const text = this.current.replace(/\s+$/, '');
    this.lines.push({
      text,
      align: this.mode.align,
      bold: m.bold,
      underline: m.underline,
      doubleWidth: m.doubleWidth,
      doubleHeight: m.doubleHeight,
      invert: m.invert,
      columns: this.current.length * (m.doubleWidth ? 2 : 1),
    });
    this.events.push({ kind: 'line', index: this.lines.length - 1 });
    this.current = '';
    this.lineMode = null;
  }

  addText(s: string): void {
    if (this.lineMode === null) this.lineMode = { ...this.mode };
    this.current += s;
  }

  /** The printable run starting at `i`, in the current code page; returns where it ends. */
  text(i: number): number {
    const t = codePageTable(this.mode.codePage);
    let s = '';
    while (i < this.n && this.buf[i] >= 0x20 && this.buf[i] !== 0x7f) s += t[this.buf[i++]];
    this.addText(s);
    return i;
  }

  /** Prints the line and feeds `count` lines (ESC d n; Star ESC a n). */
  feedLines(count: number): void {
    const wasEmpty = this.current === '';
    this.flush(false);
    const blanks = wasEmpty ? count : Math.max(0, count - 1);
    for (let k = 0; k < blanks; k++) this.flush(true);
  }

  init(): void {
    this.flush(false);
    this.mode = initialMode();
    this.events.push({ kind: 'init' });
  }

  /** 0/48 left, 1/49 center, 2/50 right. */
  align(p: number): void {
    this.mode.align = p === 1 || p === 0x31 ? 'center' : p === 2 || p === 0x32 ? 'right' : 'left';
  }

  unknownAt(start: number, end: number): void {
    this.unknown.push({ offset: start, hex: hex(this.buf, start, end) });
  }

  /** An unknown command from `start` to `end` is noted and skipped: decoding goes on at `end`. */
  skipUnknown(start: number, end: number): number {
    this.unknownAt(start, end);
    return end;
  }

  // What a printed barcode / QR code / image leaves: its entry in the summary and its place among the events.
  barcode(type: number, data: string): void {
    this.barcodes.push({ type, data });
    this.events.push({ kind: 'barcode', type, data });
  }

  qr(data: string): void {
    this.qrCodes.push(data);
    this.events.push({ kind: 'qr', data });
  }

  image(bytes: number): void {
    this.images++;
    this.events.push({ kind: 'image', bytes });
  }

  cut(partial: boolean): void {
    this.flush(false);
    this.cuts++;
    this.events.push({ kind: 'cut', partial });
  }

  drawer(p: Pulse): void {
    this.drawerPulses.push(p);
    this.events.push({ kind: 'drawer', ...p });
  }

  /** A status request; `command` names it among the events (Star's ESC ACK SOH is only counted). */
  status(command?: string): void {
    this.statusRequests++;
    if (command !== undefined) this.events.push({ kind: 'status', command });
  }

  beep(): void {
    this.events.push({ kind: 'beep' });
  }

  setCodePage(n: number, start: number, end: number): void {
    const cp = (this.star ? STAR_CODE_PAGES : EPSON_CODE_PAGES)[n];
    if (!cp) {
      this.unknownAt(start, end);
      return;
    }
    this.mode.codePage = cp;
    this.codePages.push(cp);
    this.events.push({ kind: 'codePage', n, name: cp });
  }

  ascii(from: number, to: number): string {
    return Buffer.from(this.buf.subarray(from, to)).toString('latin1');
  }

  finish(): DecodedJob {
    this.flush(false);
    return {
      lines: this.lines,
      events: this.events,
      cuts: this.cuts,
      endsWithCut: endsWithCut(this.events),
      drawerPulses: this.drawerPulses,
      qrCodes: this.qrCodes,
      barcodes: this.barcodes,
      images: this.images,
      statusRequests: this.statusRequests,
      codePages: this.codePages,
      unknown: this.unknown,
      text: this.lines.map((l) => l.text).join('\n'),
    };
  }
}

/** "lines" events mark paper movement; the job ends with a cut when nothing was printed after the last one. */
function endsWithCut(events: DecodedEvent[]): boolean {
  for (let k = events.length - 1; k >= 0; k--) {
    const e = events[k];
    if (e.kind === 'cut') return true;
    // blank lines after a cut are still "after"
    if (e.kind === 'line' || e.kind === 'qr' || e.kind === 'barcode' || e.kind === 'image') return false;
  }
  return false;
}
