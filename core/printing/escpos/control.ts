import type { JobBuilder } from './job';

/** Single control bytes and the DLE (real-time) and FS families at `i`. Returns where decoding goes on. */
export function controlCommand(job: JobBuilder, i: number): number {
  const { buf, n } = job;
  switch (buf[i]) {
    case 0x0a: // LF
    case 0x0c: // FF
      job.flush(true);
      return i + 1;
    case 0x0d: // CR (ignored on most printers when LF follows)
    case 0x00: // NUL padding
      return i + 1;
    case 0x09: // HT: next tab stop (every 8 columns by default)
      job.addText(' '.repeat(8 - (job.current.length % 8)));
      return i + 1;
    case 0x10: {
      // DLE: real-time commands
      const c = buf[i + 1];
      if (c === 0x04 && i + 2 < n) {
        job.status(`DLE EOT ${buf[i + 2]}`);
        return i + 3;
      }
      if (c === 0x05 && i + 2 < n) return i + 3;
      if (c === 0x14 && i + 4 < n) {
        // DLE DC4 fn m t: real-time pulse (fn=1)
        if (buf[i + 2] === 1) job.drawer({ pin: buf[i + 3] === 1 ? 5 : 2, onMs: buf[i + 4] * 100, offMs: buf[i + 4] * 100 });
        return i + 5;
      }
      return job.skipUnknown(i, i + 2);
    }
    case 0x1c: {
      // FS: kanji / NV images; the few harmless ones are skipped
      const c = buf[i + 1];
      if (c === 0x2e || c === 0x26) return i + 2;
      return job.skipUnknown(i, i + 2);
    }
    default:
      return job.skipUnknown(i, i + 1);
  }
}
