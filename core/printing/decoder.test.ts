import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeEscPos, previewItems, renderPlain } from './decoder';

const ESC = 0x1b;
const GS = 0x1d;
const b = (...parts: (number[] | string | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.isBuffer(p) ? p : Buffer.from(p))));
const enc = (s: string, cp: string) => iconv.encode(s, cp);

describe('decodeEscPos', () => {
  it('decodes PC860, PC850 and WPC1252 text as selected by ESC t n', () => {
    const word = 'Ação Coração ÇÃO õ é';
    const job = decodeEscPos(
      b([ESC, 0x40, ESC, 0x74, 3], enc(word, 'cp860'), '\n', [ESC, 0x74, 2], enc(word, 'cp850'), '\n', [ESC, 0x74, 16], enc(word, 'cp1252'), '\n'),
    );
    expect(job.lines.map((l) => l.text)).toEqual([word, word, word]);
    expect(job.codePages).toEqual(['CP860', 'CP850', 'CP1252']);
    expect(job.unknown).toEqual([]);
  });

  it('ESC @ resets the code page to PC437 (so a cut that re-initialises loses the accents)', () => {
    const job = decodeEscPos(b([ESC, 0x74, 3], enc('ã', 'cp860'), '\n', [ESC, 0x40], enc('ã', 'cp860'), '\n'));
    expect(job.lines[0].text).toBe('ã');
    expect(job.lines[1].text).not.toBe('ã');
  });

  it('keeps bold, double size, underline and alignment as line attributes', () => {
    const job = decodeEscPos(
      b([ESC, 0x61, 1, ESC, 0x45, 1, GS, 0x21, 0x11], 'TITULO\n', [GS, 0x21, 0, ESC, 0x45, 0, ESC, 0x61, 2, ESC, 0x2d, 1], 'direita\n', [ESC, 0x2d, 0, ESC, 0x61, 0], 'normal\n'),
    );
    expect(job.lines[0]).toMatchObject({ text: 'TITULO', align: 'center', bold: true, doubleWidth: true, doubleHeight: true, columns: 12 });
    expect(job.lines[1]).toMatchObject({ text: 'direita', align: 'right', bold: false, underline: true, doubleWidth: false });
    expect(job.lines[2]).toMatchObject({ text: 'normal', align: 'left', underline: false });
    expect(renderPlain(job, 20)[1]).toBe('             direita');
  });

  it('ESC ! n sets bold/double/underline in one go', () => {
    const job = decodeEscPos(b([ESC, 0x21, 0x08 | 0x10 | 0x20 | 0x80], 'X\n'));
    expect(job.lines[0]).toMatchObject({ bold: true, doubleHeight: true, doubleWidth: true, underline: true });
  });

  it('notes cuts, full drawer pulses, QR and barcode payloads', () => {
    const qr = 'PIX-123';
    const store = [GS, 0x28, 0x6b, qr.length + 3, 0, 0x31, 0x50, 0x30];
    const job = decodeEscPos(
      b(
        'a\n',
        [GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00],
        store,
        qr,
        [GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30],
        [GS, 0x6b, 73, 10, 0x7b, 0x42],
        '1-000012',
        [GS, 0x6b, 4],
        'ABC',
        [0],
        [ESC, 0x70, 0, 25, 250],
        [ESC, 0x64, 4, GS, 0x56, 0x00, ESC, 0x40],
      ),
    );
    expect(job.qrCodes).toEqual(['PIX-123']);
    expect(job.barcodes).toEqual([
      { type: 73, data: '1-000012' },
      { type: 4, data: 'ABC' },
    ]);
    expect(job.drawerPulses).toEqual([{ pin: 2, onMs: 50, offMs: 500 }]);
    expect(job.cuts).toBe(1);
    expect(job.endsWithCut).toBe(true);
    expect(job.unknown).toEqual([]);
    expect(previewItems(job).map((i) => i.kind)).toEqual(['text', 'qr', 'barcode', 'barcode', 'drawer', 'cut']);
  });

  it('a short Epson drawer command (ESC p m without t1 t2) swallows the next bytes — the pitfall is visible', () => {
    const job = decodeEscPos(b([ESC, 0x70, 0], 'AB', 'CD\n'));
    expect(job.drawerPulses).toHaveLength(1);
    expect(job.lines[0].text).toBe('CD');
  });

  it('partial cut with feed (GS V 66 n) and text after the last cut', () => {
    const job = decodeEscPos(b('x\n', [GS, 0x56, 66, 3], 'depois\n'));
    expect(job.cuts).toBe(1);
    expect(job.events.find((e) => e.kind === 'cut')).toEqual({ kind: 'cut', partial: true });
    expect(job.endsWithCut).toBe(false);
  });

  it('skips raster images but notes them', () => {
    const w = 2;
    const h = 3;
    const job = decodeEscPos(b('antes\n', [GS, 0x76, 0x30, 0, w, 0, h, 0], Buffer.alloc(w * h, 0x0a), 'depois\n'));
    expect(job.images).toBe(1);
    expect(job.lines.map((l) => l.text)).toEqual(['antes', 'depois']);
  });

  it('lists unknown commands and counts status requests', () => {
    const job = decodeEscPos(b([ESC, 0x99], 'a', [0x10, 0x04, 1], [GS, 0xee], [0x07], 'b\n'));
    expect(job.unknown.map((u) => u.hex)).toEqual(['1b 99', '1d ee', '07']);
    expect(job.statusRequests).toBe(1);
    expect(job.lines[0].text).toBe('ab');
  });

  it('feeds (ESC d n) make blank lines; tabs go to the next stop of 8', () => {
    const job = decodeEscPos(b('a\tb', [ESC, 0x64, 3], 'c\n'));
    expect(job.lines.map((l) => l.text)).toEqual(['a       b', '', '', 'c']);
  });
});
