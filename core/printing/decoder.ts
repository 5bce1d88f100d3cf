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
 *
 * One file per command family under escpos/: esc.ts (ESC), gs.ts (GS),
 * control.ts (LF, HT, DLE, FS …), star.ts (Star Line Mode), acting on the
 * job's state (job.ts); preview.ts lays a decoded job out for people.
 */
import { detectDialect } from './escpos/code-pages';
import { controlCommand } from './escpos/control';
import { escCommand } from './escpos/esc';
import { gsCommand } from './escpos/gs';
import { JobBuilder } from './escpos/job';
import { starCommand } from './escpos/star';
import type { DecodedJob, Dialect } from './escpos/types';

export { detectDialect, EPSON_CODE_PAGES, STAR_CODE_PAGES } from './escpos/code-pages';
import { receiptPreview as layOut } from './escpos/preview';

export { previewItems, renderPlain, type PreviewItem } from './escpos/preview';
export type { Align, DecodedEvent, DecodedJob, DecodedLine, Dialect, UnknownCommand } from './escpos/types';

export function decodeEscPos(input: Uint8Array, opts: { dialect?: Dialect | 'auto' } = {}): DecodedJob {
  const dialect: Dialect = !opts.dialect || opts.dialect === 'auto' ? detectDialect(input) : opts.dialect;
  const job = new JobBuilder(input, dialect);
  const { buf, n } = job;
  let i = 0;
  while (i < n) {
    const b = buf[i];
    if (b >= 0x20 && b !== 0x7f) {
      i = job.text(i);
      continue;
    }
    if (job.star) {
      const used = starCommand(job, i);
      if (used > 0) {
        i += used;
        continue;
      }
    }
    i = b === 0x1b ? escCommand(job, i) : b === 0x1d ? gsCommand(job, i) : controlCommand(job, i);
  }
  return job.finish();
}

/** The preview the screen shows for a receipt's bytes, at `width` columns. */
export const receiptPreview = (bytes: Buffer, width: number) => layOut(bytes, width, decodeEscPos);
