import type { HandlerGroup } from '../kernel/handlers';
import { AppError } from '../kernel/errors';
import type { ScannedProduct } from '../catalog/repo';
import { weightNeeded } from '../sales/service';
import { readingMessage, type ScaleReading } from './protocol';
import type { ScaleService } from './service';

/** What the cashier reads for any reading (also "none": no scale configured). */
export function messageFor(r: ScaleReading | { kind: 'none' }): string {
  if (r.kind === 'none') return 'Nenhuma balança configurada: digite o peso';
  if (r.kind === 'stable' && r.grams > 0) return `Peso estável: ${(r.grams / 1000).toFixed(3).replace('.', ',')} kg`;
  return readingMessage(r) ?? '';
}

/**
 * The weight of a KG product that was scanned or picked without a quantity, from the scale: grams =
 * thousandths of a kg. Unstable, empty or overloaded plates are refused with what to do; no scale or no
 * answer → 'scale.weightNeeded' (the screen asks "Peso (kg)"). Other fractional units (L, M) are typed.
 */
export async function weigh(scale: ScaleService, product: ScannedProduct): Promise<number> {
  if (product.unit.toUpperCase() !== 'KG') throw weightNeeded(product);
  const r = await scale.read();
  const details = { productCode: product.code, description: product.description, unit: product.unit, priceCents: product.priceCents };
  switch (r.kind) {
    case 'stable':
      if (r.grams > 0) return r.grams;
      throw new AppError('scale.empty', 'Coloque o produto na balança', details);
    case 'negative':
      throw new AppError('scale.empty', 'Coloque o produto na balança', details);
    case 'unstable':
      throw new AppError('scale.unstable', 'Peso instável, aguarde', details);
    case 'overload':
      throw new AppError('scale.overload', 'Peso acima da capacidade da balança', details);
    default: {
      const e = weightNeeded(product);
      throw new AppError(e.code, `${messageFor(r)}.`, e.details);
    }
  }
}

export function scaleHandlers(scale: ScaleService): HandlerGroup {
  return {
    'scale.settings': () => scale.settings(),
    'scale.saveSettings': (input) => scale.save(input),
    'scale.read': async () => {
      const r = await scale.read();
      return { kind: r.kind, grams: r.kind === 'stable' ? r.grams : null, message: messageFor(r) };
    },
  };
}
