import type { ReceiptPreview as Preview } from '../../../shared/api/printing';

/**
 * The receipt as the paper will show it: decoded by the core from the very
 * bytes sent to the printer (not a second template).
 */
export function ReceiptPreview({ preview, label = 'Prévia do comprovante' }: { preview: Preview; label?: string }) {
  return (
    <figure className="receipt-preview" aria-label={label} style={{ ['--cols' as string]: preview.width }}>
      <pre data-testid="receipt-preview">
        {preview.lines.map((l, i) => {
          if (l.kind !== 'text') {
            return (
              <div key={i} className={`rp-marker rp-${l.kind}`}>
                {l.kind === 'qr' && `[QR Code: ${l.text}]`}
                {l.kind === 'barcode' && `[Código de barras: ${l.text}]`}
                {l.kind === 'image' && `[${l.text}]`}
                {l.kind === 'drawer' && '[abre a gaveta]'}
                {l.kind === 'cut' && '✂ - - - - - - corte - - - - - -'}
              </div>
            );
          }
          const cls = ['rp-line', `rp-${l.align}`, l.bold ? 'rp-bold' : '', l.doubleWidth ? 'rp-wide' : '', l.doubleHeight ? 'rp-tall' : '', l.underline ? 'rp-under' : '', l.invert ? 'rp-invert' : '']
            .filter(Boolean)
            .join(' ');
          return (
            <div key={i} className={cls}>
              {l.text || '\u00a0'}
            </div>
          );
        })}
      </pre>
      <figcaption className="hint">
        {/* What a person needs to know, in words (no column or byte counts). */}
        {[preview.drawer ? 'Abre a gaveta' : '', preview.cut ? 'corta o papel' : '', preview.unknownCommands > 0 ? 'a impressora pode não entender parte deste comprovante' : '']
          .filter(Boolean)
          .join(' · ')}
      </figcaption>
    </figure>
  );
}
