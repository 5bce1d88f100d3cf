import type { JobBuilder } from './job';

/** Epson ESC commands (0x1b …) at `i`: attributes, feeds, code page, drawer, buzzer, bit images. Returns where decoding goes on. */
export function escCommand(job: JobBuilder, i: number): number {
  const { buf, n, mode } = job;
  const c = buf[i + 1];
  const p1 = buf[i + 2];
  switch (c) {
    case 0x40: // ESC @
      job.init();
      return i + 2;
    case 0x74: // ESC t n
      job.setCodePage(p1, i, i + 3);
      return i + 3;
    case 0x45: // ESC E n
    case 0x47: // ESC G n (double strike ~ bold)
      mode.bold = (p1 & 1) === 1;
      return i + 3;
    case 0x2d: // ESC - n
      mode.underline = (p1 & 3) !== 0 && p1 !== 0x30;
      return i + 3;
    case 0x21: // ESC ! n
      mode.bold = (p1 & 0x08) !== 0;
      mode.doubleHeight = (p1 & 0x10) !== 0;
      mode.doubleWidth = (p1 & 0x20) !== 0;
      mode.underline = (p1 & 0x80) !== 0;
      return i + 3;
    case 0x61: // ESC a n
      job.align(p1);
      return i + 3;
    case 0x64: // ESC d n: print and feed n lines
      job.feedLines(p1);
      return i + 3;
    case 0x4a: // ESC J n: print and feed n dots
      job.flush(false);
      return i + 3;
    case 0x32: // ESC 2 default line spacing
    case 0x4c: // ESC L page mode
      return i + 2;
    case 0x33: // ESC 3 n line spacing
    case 0x4d: // ESC M n font
    case 0x7b: // ESC { n upside down
    case 0x56: // ESC V n rotate
    case 0x20: // ESC SP n right spacing
    case 0x52: // ESC R n international set
    case 0x72: // ESC r n color
    case 0x3d: // ESC = n select peripheral
    case 0x55: // ESC U n unidirectional
      return i + 3;
    case 0x70: {
      // ESC p m t1 t2: drawer pulse
      if (i + 4 >= n) return job.skipUnknown(i, n);
      job.drawer({ pin: p1 === 1 || p1 === 0x31 ? 5 : 2, onMs: buf[i + 3] * 2, offMs: buf[i + 4] * 2 });
      return i + 5;
    }
    case 0x42: // ESC B n t: buzzer (Epson-compatible beepers)
      job.beep();
      return i + 4;
    case 0x24: // ESC $ nL nH absolute position
    case 0x5c: // ESC \ nL nH relative position
    case 0x63: // ESC c 3/4/5 n
      return i + 4;
    case 0x2a: {
      // ESC * m nL nH d...: bit image
      const dots = buf[i + 3] + buf[i + 4] * 256;
      const bytes = p1 === 32 || p1 === 33 ? dots * 3 : dots;
      job.image(bytes);
      return i + 5 + bytes;
    }
    default:
      return job.skipUnknown(i, i + 2);
  }
}
