import type { ReceiptPreview } from '../../../shared/api/printing';
import type { Align, DecodedJob, DecodedLine } from './types';

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

/** What the screen shows for a receipt's bytes ("Visualizar"): the decoded job laid out at `width` columns. */
export function receiptPreview(bytes: Buffer, width: number, decode: (b: Uint8Array) => DecodedJob): ReceiptPreview {
  const d = decode(bytes);
  return {
    width,
    lines: previewItems(d),
    cut: d.cuts > 0,
    drawer: d.drawerPulses.length > 0,
    qrCodes: d.qrCodes,
    barcodes: d.barcodes.map((b) => b.data),
    unknownCommands: d.unknown.length,
    bytes: bytes.length,
  };
}
