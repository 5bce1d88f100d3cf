import { z } from 'zod';
import { SESSION, SETTINGS } from './access';
import { Empty, method } from './define';

/** Configurações > "Balança": the label layout (shared/scale-label.ts) and where the scale is. */
export const LabelLayout = z.object({
  prefix: z.string().regex(/^\d{1,2}$/),
  codeStart: z.number().int().min(1).max(12),
  codeLength: z.number().int().min(4).max(6),
  valueStart: z.number().int().min(1).max(12),
  valueLength: z.number().int().min(5).max(6),
  valueKind: z.enum(['price', 'weight']),
});

export const ScaleSettings = z.object({
  /** The interface in use (saved, else the default); null = no scale. */
  interface: z.string().nullable(),
  /** Saved in "Balança": null = the default (BALCAO_SCALE or the virtual scale); "nenhuma" = no scale. */
  saved: z.string().nullable(),
  defaultInterface: z.string().nullable(),
  baudRate: z.number().int(),
  layout: LabelLayout,
  /** The layout as read: "2 CCCCC VVVVVV D". */
  pattern: z.string(),
});
export type ScaleSettings = z.infer<typeof ScaleSettings>;

export const ScaleReadingView = z.object({
  kind: z.enum(['stable', 'unstable', 'negative', 'overload', 'silent', 'invalid', 'unavailable', 'none']),
  /** Stable weight in grams (= thousandths of a kg). */
  grams: z.number().int().nullable(),
  /** What the cashier reads (pt-BR). */
  message: z.string(),
});

export const scaleApi = {
  'scale.settings': method(Empty, ScaleSettings, SETTINGS),
  /** Gerente only. `interface`: '' = the default, "nenhuma" = no scale, serial:/dev/ttyUSB0, COM3, tcp://host:port. */
  'scale.saveSettings': method(
    z.object({ interface: z.string().max(200), baudRate: z.number().int(), layout: LabelLayout }).strict(),
    ScaleSettings,
    SETTINGS,
  ),
  /** One reading of the scale ("Testar balança"). */
  'scale.read': method(Empty, ScaleReadingView, SESSION),
};
