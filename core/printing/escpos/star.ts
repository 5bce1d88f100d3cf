import type { JobBuilder } from './job';

/** Star Line Mode commands at `at`; returns the bytes used (0 = not a Star-specific command: the ESC/POS families go on). */
export function starCommand(job: JobBuilder, at: number): number {
  const { buf, n, mode } = job;
  const b0 = buf[at];
  if (b0 === 0x07 || b0 === 0x1c || b0 === 0x1a) {
    job.drawer({ pin: b0 === 0x1a ? 5 : 2, ...job.starPulse });
    return 1;
  }
  if (b0 === 0x0b) {
    job.flush(true);
    return 1;
  }
  if (b0 === 0x0f || b0 === 0x12 || b0 === 0x18) return 1;
  if (b0 === 0x04 || b0 === 0x05) {
    job.status(b0 === 0x04 ? 'EOT' : 'ENQ');
    return 1;
  }
  if (b0 !== 0x1b) return 0;
  const c = buf[at + 1];
  const p1 = buf[at + 2];
  switch (c) {
    case 0x45: // ESC E: bold on
    case 0x46: // ESC F: bold off
      mode.bold = c === 0x45;
      return 2;
    case 0x34: // ESC 4 / ESC 5: invert
    case 0x35:
      mode.invert = c === 0x34;
      return 2;
    case 0x69: // ESC i n1 n2: size
      mode.doubleHeight = p1 > 0;
      mode.doubleWidth = buf[at + 3] > 0;
      return 4;
    case 0x64: // ESC d n: cut
      job.cut(p1 === 1 || p1 === 3 || p1 === 0x31 || p1 === 0x33);
      return 3;
    case 0x07: // ESC BEL n1 n2: drawer pulse widths (×10 ms)
      job.starPulse = { onMs: p1 * 10, offMs: buf[at + 3] * 10 };
      return 4;
    case 0x61: // ESC a n: feed n lines
      job.feedLines(p1);
      return 3;
    case 0x30: // ESC 0 / ESC 2: line spacing
    case 0x32:
      return 2;
    case 0x7a: // ESC z n, ESC 1 n, ESC 3 n, ESC I n
    case 0x31:
    case 0x33:
    case 0x49:
      return 3;
    case 0x4a: // ESC J n
      job.flush(false);
      return 3;
    case 0x62: {
      // ESC b n1 n2 n3 n4 data RS: barcode
      job.flush(false);
      let j = at + 6;
      while (j < n && buf[j] !== 0x1e) j++;
      job.barcode(p1, job.ascii(at + 6, j));
      return j + 1 - at;
    }
    case 0x6b: {
      // ESC k n1 n2 data: raster line (24 dots high)
      const bytes = (p1 + buf[at + 3] * 256) * 24;
      job.image(bytes);
      return 4 + bytes;
    }
    case 0x1e: // ESC RS F n (font), ESC RS a n (ASB)
      return 4;
    case 0x06: // ESC ACK SOH: status
      job.status();
      return 3;
    case 0x1d:
      return starEscGs(job, at);
    default:
      return 0;
  }
}

/** ESC GS …: code page, alignment, QR (y) and PDF417 (x) store/print. */
function starEscGs(job: JobBuilder, at: number): number {
  const { buf } = job;
  const d = buf[at + 2];
  const e = buf[at + 3];
  if (d === 0x74) {
    job.setCodePage(e, at, at + 4);
    return 4;
  }
  if (d === 0x61) {
    job.align(e);
    return 4;
  }
  if (d === 0x79 || d === 0x78) {
    if (e === 0x53) return buf[at + 4] === 0x30 && d === 0x78 ? 8 : 6;
    if (e === 0x44) {
      const off = d === 0x79 ? at + 6 : at + 4;
      const len = buf[off] + buf[off + 1] * 256;
      const data = job.ascii(off + 2, off + 2 + len);
      if (d === 0x79) job.qrStore = data;
      else job.pdfStore = data;
      return off + 2 + len - at;
    }
    if (e === 0x50) {
      job.flush(false);
      if (d === 0x79) job.qr(job.qrStore);
      else job.barcode(1000, job.pdfStore);
      return 4;
    }
  }
  job.unknownAt(at, at + 4);
  return 4;
}
