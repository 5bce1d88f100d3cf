import type { JobBuilder } from './job';

/** GS commands (0x1d …) at `i`: cut, size, reverse, barcodes, 2D codes, graphics, status. Returns where decoding goes on. */
export function gsCommand(job: JobBuilder, i: number): number {
  const { buf, n, mode } = job;
  const c = buf[i + 1];
  const p1 = buf[i + 2];
  switch (c) {
    case 0x56: // GS V m [n]: cut
      job.cut(p1 === 1 || p1 === 0x31 || p1 === 66 || p1 === 98 || p1 === 104);
      return i + (p1 >= 65 ? 4 : 3);
    case 0x21: // GS ! n: character size
      mode.doubleWidth = ((p1 >> 4) & 0x07) > 0;
      mode.doubleHeight = (p1 & 0x07) > 0;
      return i + 3;
    case 0x42: // GS B n: reverse
      mode.invert = (p1 & 1) === 1;
      return i + 3;
    case 0x48: // GS H n: HRI position
    case 0x66: // GS f n: HRI font
    case 0x68: // GS h n: barcode height
    case 0x77: // GS w n: barcode width
    case 0x61: // GS a n: ASB
      return i + 3;
    case 0x72: // GS r n: transmit status
      job.status(`GS r ${p1}`);
      return i + 3;
    case 0x4c: // GS L nL nH: left margin
    case 0x57: // GS W nL nH: print area width
    case 0x50: // GS P x y
      return i + 4;
    case 0x6b: {
      // GS k m ...: barcode (m ≤ 6: NUL-terminated; otherwise a length byte)
      job.flush(false);
      if (p1 <= 6) {
        let j = i + 3;
        while (j < n && buf[j] !== 0) j++;
        job.barcode(p1, job.ascii(i + 3, j));
        return j + 1;
      }
      const len = buf[i + 3];
      let data = job.ascii(i + 4, i + 4 + len);
      if (p1 === 73 && /^\{[ABC]/.test(data)) data = data.slice(2);
      job.barcode(p1, data);
      return i + 4 + len;
    }
    case 0x28:
      return gsParen(job, i);
    case 0x38: {
      // GS 8 L p1 p2 p3 p4 ...: large graphics data
      if (p1 !== 0x4c) return job.skipUnknown(i, i + 3);
      const len = buf[i + 3] + buf[i + 4] * 256 + buf[i + 5] * 65536 + buf[i + 6] * 16777216;
      job.image(len);
      return i + 7 + len;
    }
    case 0x76: {
      // GS v 0 m xL xH yL yH d...: raster image (skipped, noted)
      job.flush(false);
      const w = buf[i + 4] + buf[i + 5] * 256;
      const h = buf[i + 6] + buf[i + 7] * 256;
      job.image(w * h);
      return i + 8 + w * h;
    }
    default:
      return job.skipUnknown(i, i + 2);
  }
}

/** GS ( fn pL pH …: 2D codes (QR, PDF417: store then print), graphics; other functions skipped. */
function gsParen(job: JobBuilder, i: number): number {
  const { buf } = job;
  const fn = buf[i + 2];
  const len = buf[i + 3] + buf[i + 4] * 256;
  const body = i + 5;
  if (fn === 0x6b) {
    const cn = buf[body];
    const f = buf[body + 1];
    if (f === 0x50) {
      const data = job.ascii(body + 3, body + len);
      if (cn === 0x31) job.qrStore = data;
      else job.pdfStore = data;
    } else if (f === 0x51) {
      job.flush(false);
      if (cn === 0x31) job.qr(job.qrStore);
      else job.barcode(1000 + cn, job.pdfStore);
    }
  } else if (fn === 0x4c) {
    // GS ( L: graphics data (skipped, noted)
    job.image(len);
  } else if (fn !== 0x41 && fn !== 0x45 && fn !== 0x48 && fn !== 0x4b) {
    job.unknownAt(i, i + 5);
  }
  return body + len;
}
