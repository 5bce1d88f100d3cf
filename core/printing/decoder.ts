import iconv from 'iconv-lite';

/**
 * ESC/POS decoder: turns the bytes a thermal printer receives into the lines a
 * person would read on the paper, plus what else the job did (cuts, drawer
 * pulses, QR/barcode payloads, images, unknown commands).
 *
 * Pure and synchronous: the virtual printer, the on-screen preview and the
 * tests all use it on the SAME bytes that go to the printer.
 *
 * Dialects: Epson ESC/POS (Epson, Elgin, Bematech, Daruma/Tanca in ESC/POS
 * mode, Custom) and the Star Line Mode subset node-thermal-printer emits;
 * detected from the job's first bytes unless given.
 */

export type Align = 'left' | 'center' | 'right';

export interface DecodedLine {
  text: string;
  align: Align;
  bold: boolean;
  underline: boolean;
  doubleWidth: boolean;
  doubleHeight: boolean;
  invert: boolean;
  /** Columns the line takes on paper (double width counts twice). */
  columns: number;
}

export type DecodedEvent =
  | { kind: 'line'; index: number }
  | { kind: 'init' }
  | { kind: 'codePage'; n: number; name: string }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'drawer'; pin: number; onMs: number; offMs: number }
  | { kind: 'qr'; data: string }
  | { kind: 'barcode'; type: number; data: string }
  | { kind: 'image'; bytes: number }
  | { kind: 'status'; command: string }
  | { kind: 'beep' };

export interface UnknownCommand {
  offset: number;
  hex: string;
}

export interface DecodedJob {
  lines: DecodedLine[];
  events: DecodedEvent[];
  cuts: number;
  /** True when the last thing that happened on paper was a cut. */
  endsWithCut: boolean;
  drawerPulses: { pin: number; onMs: number; offMs: number }[];
  qrCodes: string[];
  barcodes: { type: number; data: string }[];
  images: number;
  statusRequests: number;
  codePages: string[];
  unknown: UnknownCommand[];
  /** The lines joined by "\n" (what a person reads). */
  text: string;
}

/** ESC t n → iconv code page (Epson numbering). */
export const EPSON_CODE_PAGES: Record<number, string> = {
  0: 'CP437',
  2: 'CP850',
  3: 'CP860',
  4: 'CP863',
  5: 'CP865',
  16: 'CP1252',
  17: 'CP866',
  18: 'CP852',
  19: 'CP858',
};

const tableCache = new Map<string, string[]>();
function table(cp: string): string[] {
  let t = tableCache.get(cp);
  if (!t) {
    t = [];
    for (let b = 0; b < 256; b++) t.push(iconv.decode(Buffer.from([b]), cp));
    tableCache.set(cp, t);
  }
  return t;
}

const hex = (buf: Uint8Array, from: number, to: number) =>
  Array.from(buf.subarray(from, Math.min(to, buf.length)))
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(' ');

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

/** ESC GS t n → iconv code page (Star Line Mode numbering). */
export const STAR_CODE_PAGES: Record<number, string> = {
  0: 'CP437',
  1: 'CP437',
  3: 'CP437',
  4: 'CP858',
  5: 'CP852',
  6: 'CP860',
  7: 'CP861',
  8: 'CP863',
  9: 'CP865',
  10: 'CP866',
  32: 'CP1252',
};

export type Dialect = 'escpos' | 'star';

/** Star Line Mode jobs select their code page with ESC GS t right after ESC @; ESC/POS jobs with ESC t. */
export function detectDialect(buf: Uint8Array): Dialect {
  const head = Math.min(buf.length - 2, 32);
  for (let i = 0; i < head; i++) {
    if (buf[i] === 0x1b && buf[i + 1] === 0x1d && (buf[i + 2] === 0x74 || buf[i + 2] === 0x61)) return 'star';
  }
  return 'escpos';
}

export function decodeEscPos(input: Uint8Array, opts: { dialect?: Dialect | 'auto' } = {}): DecodedJob {
  const buf = input;
  const dialect: Dialect = !opts.dialect || opts.dialect === 'auto' ? detectDialect(buf) : opts.dialect;
  const star = dialect === 'star';
  const lines: DecodedLine[] = [];
  const events: DecodedEvent[] = [];
  const unknown: UnknownCommand[] = [];
  const qrCodes: string[] = [];
  const barcodes: { type: number; data: string }[] = [];
  const drawerPulses: { pin: number; onMs: number; offMs: number }[] = [];
  const codePages: string[] = [];
  let images = 0;
  let statusRequests = 0;
  let cuts = 0;
  let mode = initialMode();
  let qrStore = '';
  let pdfStore = '';

  let current = '';
  let lineMode: Mode | null = null; // attributes when the first char of the line was printed

  const flush = (force: boolean) => {
    if (!force && current === '') return;
    const m = lineMode ?? mode;
    const text = current.replace(/\s+$/, '');
    lines.push({
      text,
      align: mode.align,
      bold: m.bold,
      underline: m.underline,
      doubleWidth: m.doubleWidth,
      doubleHeight: m.doubleHeight,
      invert: m.invert,
      columns: current.length * (m.doubleWidth ? 2 : 1),
    });
    events.push({ kind: 'line', index: lines.length - 1 });
    current = '';
    lineMode = null;
  };
  const addText = (s: string) => {
    if (lineMode === null) lineMode = { ...mode };
    current += s;
  };
  const unknownAt = (start: number, end: number) => unknown.push({ offset: start, hex: hex(buf, start, end) });
  /** An unknown command from `start` to `end` is noted and skipped: decoding goes on at `end`. */
  const skipUnknown = (start: number, end: number) => {
    unknownAt(start, end);
    return end;
  };
  // What a printed barcode / QR code / image leaves: its entry in the summary and its place among the events.
  const barcode = (type: number, data: string) => {
    barcodes.push({ type, data });
    events.push({ kind: 'barcode', type, data });
  };
  const qr = (data: string) => {
    qrCodes.push(data);
    events.push({ kind: 'qr', data });
  };
  const image = (bytes: number) => {
    images++;
    events.push({ kind: 'image', bytes });
  };
  const setCodePage = (n: number, start: number, end: number) => {
    const cp = (star ? STAR_CODE_PAGES : EPSON_CODE_PAGES)[n];
    if (!cp) {
      unknownAt(start, end);
      return;
    }
    mode.codePage = cp;
    codePages.push(cp);
    events.push({ kind: 'codePage', n, name: cp });
  };
  const ascii = (from: number, to: number) => Buffer.from(buf.subarray(from, to)).toString('latin1');

  let starPulse = { onMs: 200, offMs: 200 };
  const drawer = (pin: number) => {
    const p = { pin, ...starPulse };
    drawerPulses.push(p);
    events.push({ kind: 'drawer', ...p });
  };
  /** Star Line Mode commands; returns the bytes used (0 = not a Star-specific command). */
  const starCommand = (at: number): number => {
    const b0 = buf[at];
    if (b0 === 0x07 || b0 === 0x1c) {
      drawer(2);
      return 1;
    }
    if (b0 === 0x1a) {
      drawer(5);
      return 1;
    }
    if (b0 === 0x0b) {
      flush(true);
      return 1;
    }
    if (b0 === 0x0f || b0 === 0x12 || b0 === 0x18) return 1;
    if (b0 === 0x04 || b0 === 0x05) {
      statusRequests++;
      events.push({ kind: 'status', command: b0 === 0x04 ? 'EOT' : 'ENQ' });
      return 1;
    }
    if (b0 !== 0x1b) return 0;
    const c = buf[at + 1];
    const p1 = buf[at + 2];
    switch (c) {
      case 0x45: // ESC E: bold on
        mode.bold = true;
        return 2;
      case 0x46: // ESC F: bold off
        mode.bold = false;
        return 2;
      case 0x34: // ESC 4 / ESC 5: invert
      case 0x35:
        mode.invert = c === 0x34;
        return 2;
      case 0x69: // ESC i n1 n2: size
        mode.doubleHeight = p1 > 0;
        mode.doubleWidth = buf[at + 3] > 0;
        return 4;
      case 0x64: {
        // ESC d n: cut
        flush(false);
        cuts++;
        events.push({ kind: 'cut', partial: p1 === 1 || p1 === 3 || p1 === 0x31 || p1 === 0x33 });
        return 3;
      }
      case 0x07: // ESC BEL n1 n2: drawer pulse widths (×10 ms)
        starPulse = { onMs: p1 * 10, offMs: buf[at + 3] * 10 };
        return 4;
      case 0x61: {
        // ESC a n: feed n lines
        const wasEmpty = current === '';
        flush(false);
        for (let k = 0; k < (wasEmpty ? p1 : Math.max(0, p1 - 1)); k++) flush(true);
        return 3;
      }
      case 0x30: // ESC 0 / ESC 2: line spacing
      case 0x32:
        return 2;
      case 0x7a: // ESC z n, ESC 1 n, ESC 3 n, ESC J n, ESC I n
      case 0x31:
      case 0x33:
      case 0x49:
        return 3;
      case 0x4a:
        flush(false);
        return 3;
      case 0x62: {
        // ESC b n1 n2 n3 n4 data RS: barcode
        flush(false);
        let j = at + 6;
        while (j < n && buf[j] !== 0x1e) j++;
        const data = ascii(at + 6, j);
        barcode(p1, data);
        return j + 1 - at;
      }
      case 0x6b: {
        // ESC k n1 n2 data: raster line (24 dots high)
        const bytes = (p1 + buf[at + 3] * 256) * 24;
        image(bytes);
        return 4 + bytes;
      }
      case 0x1e: // ESC RS F n (font), ESC RS a n (ASB)
        return 4;
      case 0x06: // ESC ACK SOH: status
        statusRequests++;
        return 3;
      case 0x1d: {
        const d = buf[at + 2];
        const e = buf[at + 3];
        if (d === 0x74) {
          setCodePage(e, at, at + 4);
          return 4;
        }
        if (d === 0x61) {
          mode.align = e === 1 || e === 0x31 ? 'center' : e === 2 || e === 0x32 ? 'right' : 'left';
          return 4;
        }
        if (d === 0x79 || d === 0x78) {
          // ESC GS y (QR) / ESC GS x (PDF417)
          const f = e;
          if (f === 0x53) return buf[at + 4] === 0x30 && d === 0x78 ? 8 : 6;
          if (f === 0x44) {
            const off = d === 0x79 ? at + 6 : at + 4;
            const len = buf[off] + buf[off + 1] * 256;
            const data = ascii(off + 2, off + 2 + len);
            if (d === 0x79) qrStore = data;
            else pdfStore = data;
            return off + 2 + len - at;
          }
          if (f === 0x50) {
            flush(false);
            if (d === 0x79) {
              qr(qrStore);
            } else {
              barcode(1000, pdfStore);
            }
            return 4;
          }
        }
        unknownAt(at, at + 4);
        return 4;
      }
      default:
        return 0;
    }
  };

  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i];
    if (b >= 0x20 && b !== 0x7f) {
      const t = table(mode.codePage);
      let s = '';
      while (i < n && buf[i] >= 0x20 && buf[i] !== 0x7f) s += t[buf[i++]];
      addText(s);
      continue;
    }
    const start = i;
    if (star) {
      const used = starCommand(i);
      if (used > 0) {
        i += used;
        continue;
      }
    }
    switch (b) {
      case 0x0a: // LF
        flush(true);
        i++;
        continue;
      case 0x0d: // CR (ignored on most printers when LF follows)
        i++;
        continue;
      case 0x09: {
        // HT: next tab stop (every 8 columns by default)
        const col = current.length;
        addText(' '.repeat(8 - (col % 8)));
        i++;
        continue;
      }
      case 0x0c: // FF
        flush(true);
        i++;
        continue;
      case 0x10: {
        // DLE: real-time commands
        const c = buf[i + 1];
        if (c === 0x04 && i + 2 < n) {
          statusRequests++;
          events.push({ kind: 'status', command: `DLE EOT ${buf[i + 2]}` });
          i += 3;
        } else if (c === 0x05 && i + 2 < n) {
          i += 3;
        } else if (c === 0x14 && i + 4 < n) {
          // DLE DC4 fn m t: real-time pulse (fn=1)
          if (buf[i + 2] === 1) {
            const p = { pin: buf[i + 3] === 1 ? 5 : 2, onMs: buf[i + 4] * 100, offMs: buf[i + 4] * 100 };
            drawerPulses.push(p);
            events.push({ kind: 'drawer', ...p });
          }
          i += 5;
        } else {
          i = skipUnknown(start, start + 2);
        }
        continue;
      }
      case 0x1b: {
        const c = buf[i + 1];
        const p1 = buf[i + 2];
        switch (c) {
          case 0x40: // ESC @
            flush(false);
            mode = initialMode();
            events.push({ kind: 'init' });
            i += 2;
            continue;
          case 0x74: // ESC t n
            setCodePage(p1, start, start + 3);
            i += 3;
            continue;
          case 0x45: // ESC E n
          case 0x47: // ESC G n (double strike ~ bold)
            mode.bold = (p1 & 1) === 1;
            i += 3;
            continue;
          case 0x2d: // ESC - n
            mode.underline = (p1 & 3) !== 0 && p1 !== 0x30;
            i += 3;
            continue;
          case 0x21: // ESC ! n
            mode.bold = (p1 & 0x08) !== 0;
            mode.doubleHeight = (p1 & 0x10) !== 0;
            mode.doubleWidth = (p1 & 0x20) !== 0;
            mode.underline = (p1 & 0x80) !== 0;
            i += 3;
            continue;
          case 0x61: // ESC a n
            mode.align = p1 === 1 || p1 === 0x31 ? 'center' : p1 === 2 || p1 === 0x32 ? 'right' : 'left';
            i += 3;
            continue;
          case 0x64: {
            // ESC d n: print and feed n lines
            const wasEmpty = current === '';
            flush(false);
            const blanks = wasEmpty ? p1 : Math.max(0, p1 - 1);
            for (let k = 0; k < blanks; k++) flush(true);
            i += 3;
            continue;
          }
          case 0x4a: // ESC J n: print and feed n dots
            flush(false);
            i += 3;
            continue;
          case 0x32: // ESC 2 default line spacing
            i += 2;
            continue;
          case 0x33: // ESC 3 n line spacing
          case 0x4d: // ESC M n font
          case 0x7b: // ESC { n upside down
          case 0x56: // ESC V n rotate
          case 0x20: // ESC SP n right spacing
          case 0x52: // ESC R n international set
          case 0x72: // ESC r n color
          case 0x3d: // ESC = n select peripheral
          case 0x55: // ESC U n unidirectional
          case 0x4c: // ESC L page mode (no param) handled below
            if (c === 0x4c) {
              i += 2;
              continue;
            }
            i += 3;
            continue;
          case 0x70: {
            // ESC p m t1 t2: drawer pulse
            if (i + 4 >= n) {
              i = skipUnknown(start, n);
              continue;
            }
            const p = { pin: p1 === 1 || p1 === 0x31 ? 5 : 2, onMs: buf[i + 3] * 2, offMs: buf[i + 4] * 2 };
            drawerPulses.push(p);
            events.push({ kind: 'drawer', ...p });
            i += 5;
            continue;
          }
          case 0x42: // ESC B n t: buzzer (Epson-compatible beepers)
            events.push({ kind: 'beep' });
            i += 4;
            continue;
          case 0x24: // ESC $ nL nH absolute position
          case 0x5c: // ESC \ nL nH relative position
            i += 4;
            continue;
          case 0x63: // ESC c 3/4/5 n
            i += 4;
            continue;
          case 0x2a: {
            // ESC * m nL nH d...: bit image
            const m = p1;
            const dots = buf[i + 3] + buf[i + 4] * 256;
            const bytes = m === 32 || m === 33 ? dots * 3 : dots;
            image(bytes);
            i += 5 + bytes;
            continue;
          }
          default:
            i = skipUnknown(start, start + 2);
            continue;
        }
      }
      case 0x1d: {
        const c = buf[i + 1];
        const p1 = buf[i + 2];
        switch (c) {
          case 0x56: {
            // GS V m [n]: cut
            flush(false);
            cuts++;
            const partial = p1 === 1 || p1 === 0x31 || p1 === 66 || p1 === 98 || p1 === 104;
            events.push({ kind: 'cut', partial });
            i += p1 >= 65 ? 4 : 3;
            continue;
          }
          case 0x21: // GS ! n: character size
            mode.doubleWidth = ((p1 >> 4) & 0x07) > 0;
            mode.doubleHeight = (p1 & 0x07) > 0;
            i += 3;
            continue;
          case 0x42: // GS B n: reverse
            mode.invert = (p1 & 1) === 1;
            i += 3;
            continue;
          case 0x48: // GS H n: HRI position
          case 0x66: // GS f n: HRI font
          case 0x68: // GS h n: barcode height
          case 0x77: // GS w n: barcode width
          case 0x61: // GS a n: ASB
            i += 3;
            continue;
          case 0x72: // GS r n: transmit status
            statusRequests++;
            events.push({ kind: 'status', command: `GS r ${p1}` });
            i += 3;
            continue;
          case 0x4c: // GS L nL nH: left margin
          case 0x57: // GS W nL nH: print area width
          case 0x50: // GS P x y
            i += 4;
            continue;
          case 0x6b: {
            // GS k m ...: barcode
            flush(false);
            const m = p1;
            if (m <= 6) {
              let j = i + 3;
              while (j < n && buf[j] !== 0) j++;
              const data = ascii(i + 3, j);
              barcode(m, data);
              i = j + 1;
            } else {
              const len = buf[i + 3];
              let data = ascii(i + 4, i + 4 + len);
              if (m === 73 && /^\{[ABC]/.test(data)) data = data.slice(2);
              barcode(m, data);
              i += 4 + len;
            }
            continue;
          }
          case 0x28: {
            // GS ( fn pL pH ...
            const fn = p1;
            const len = buf[i + 3] + buf[i + 4] * 256;
            const body = i + 5;
            if (fn === 0x6b) {
              const cn = buf[body];
              const f = buf[body + 1];
              if (f === 0x50) {
                const data = ascii(body + 3, body + len);
                if (cn === 0x31) qrStore = data;
                else pdfStore = data;
              } else if (f === 0x51) {
                flush(false);
                if (cn === 0x31) {
                  qr(qrStore);
                } else {
                  barcode(1000 + cn, pdfStore);
                }
              }
            } else if (fn === 0x4c) {
              // GS ( L: graphics data (skipped, noted)
              image(len);
            } else if (fn !== 0x41 && fn !== 0x45 && fn !== 0x48 && fn !== 0x4b) {
              unknownAt(start, start + 5);
            }
            i = body + len;
            continue;
          }
          case 0x38: {
            // GS 8 L p1 p2 p3 p4 ...: large graphics data
            if (p1 === 0x4c) {
              const len = buf[i + 3] + buf[i + 4] * 256 + buf[i + 5] * 65536 + buf[i + 6] * 16777216;
              image(len);
              i += 7 + len;
            } else {
              i = skipUnknown(start, start + 3);
            }
            continue;
          }
          case 0x76: {
            // GS v 0 m xL xH yL yH d...: raster image (skipped, noted)
            flush(false);
            const w = buf[i + 4] + buf[i + 5] * 256;
            const h = buf[i + 6] + buf[i + 7] * 256;
            image(w * h);
            i += 8 + w * h;
            continue;
          }
          default:
            i = skipUnknown(start, start + 2);
            continue;
        }
      }
      case 0x1c: {
        // FS: kanji / NV images; the few harmless ones are skipped
        const c = buf[i + 1];
        if (c === 0x2e || c === 0x26) {
          i += 2;
          continue;
        }
        i = skipUnknown(start, start + 2);
        continue;
      }
      case 0x00: // NUL padding
        i++;
        continue;
      default:
        i = skipUnknown(start, start + 1);
        continue;
    }
  }
  flush(false);

  // "lines" events mark paper movement; the job ends with a cut when nothing was printed after the last one.
  let endsWithCut = false;
  for (let k = events.length - 1; k >= 0; k--) {
    const e = events[k];
    if (e.kind === 'cut') {
      endsWithCut = true;
      break;
    }
    if (e.kind === 'line' || e.kind === 'qr' || e.kind === 'barcode' || e.kind === 'image') {
      // blank lines after a cut are still "after"
      break;
    }
  }

  return {
    lines,
    events,
    cuts,
    endsWithCut,
    drawerPulses,
    qrCodes,
    barcodes,
    images,
    statusRequests,
    codePages,
    unknown,
    text: lines.map((l) => l.text).join('\n'),
  };
}

/** Lines as a person sees them at `width` columns (alignment applied), for previews and the sandbox page. */
export function renderPlain(job: DecodedJob, width: number): string[] {
  const out: string[] = [];
  for (const l of job.lines) {
    const cols = l.doubleWidth ? l.text.length * 2 : l.text.length;
    const text = l.doubleWidth ? l.text.split('').join(' ') : l.text;
    const pad = Math.max(0, width - cols);
    if (l.align === 'center') out.push(' '.repeat(Math.floor(pad / 2)) + text);
    else if (l.align === 'right') out.push(' '.repeat(pad) + text);
    else out.push(text);
  }
  return out;
}

/** A printed line, or a marker drawn like one (its text says what stands there on paper). */
export interface PreviewItem extends DecodedLine {
  kind: 'text' | 'qr' | 'barcode' | 'image' | 'cut' | 'drawer';
}

/** The job in paper order: printed lines plus markers for QR, barcodes, images, drawer pulses and cuts. */
export function previewItems(job: DecodedJob): PreviewItem[] {
  const plain = { align: 'center' as Align, bold: false, underline: false, doubleWidth: false, doubleHeight: false, invert: false, columns: 0 };
  const out: PreviewItem[] = [];
  for (const e of job.events) {
    if (e.kind === 'line') out.push({ kind: 'text', ...job.lines[e.index] });
    else if (e.kind === 'qr') out.push({ ...plain, kind: 'qr', text: e.data });
    else if (e.kind === 'barcode') out.push({ ...plain, kind: 'barcode', text: e.data });
    else if (e.kind === 'image') out.push({ ...plain, kind: 'image', text: `imagem (${e.bytes} bytes)` });
    else if (e.kind === 'drawer') out.push({ ...plain, kind: 'drawer', text: 'abre a gaveta' });
    else if (e.kind === 'cut') out.push({ ...plain, kind: 'cut', text: e.partial ? 'corte parcial' : 'corte' });
  }
  // Feeds before a cut (or the end) are paper, not content.
  const kept: PreviewItem[] = [];
  let trailing = true;
  for (let k = out.length - 1; k >= 0; k--) {
    const item = out[k];
    if (item.kind === 'text' && item.text === '' && trailing) continue;
    if (item.kind === 'cut') trailing = true;
    else if (item.kind !== 'drawer') trailing = false;
    kept.push(item);
  }
  return kept.reverse();
}
