import { z } from 'zod';
import { STORE_FORM_CODES } from '../api/payments';
import { isValidCnpj } from '../cpf';

/**
 * Store settings the Retaguarda owns and every paired caixa applies (issue 23): one row per key in the server's
 * `store_settings`, pulled with the store's change cursor. Keys absent on the server leave the till's value alone.
 */
export const StoreSettingsShape = {
  /** "Formas de pagamento" enabled at every caixa of the store (hub codes). */
  paymentForms: z
    .array(z.number().int())
    .min(1, 'Habilite ao menos uma forma de pagamento.')
    .max(50)
    .refine((l) => l.every((c) => STORE_FORM_CODES.includes(c)), `Forma de pagamento desconhecida (válidas: ${STORE_FORM_CODES.join(', ')}).`),
  /** Discounts above this percent need a Gerente. */
  discountLimitPercent: z.number().min(0, 'O limite de desconto vai de 0 a 100%.').max(100, 'O limite de desconto vai de 0 a 100%.'),
  /** A closing difference above this needs a Gerente's PIN. */
  shiftToleranceCents: z.number().int().min(0, 'A tolerância não pode ser negativa.').max(100_000_00),
  /** The receipt header (Impressora keeps the printer itself local). */
  receiptHeader: z.object({
    storeName: z.string().trim().min(1, 'Informe o nome da loja no cabeçalho.').max(60),
    storeCnpj: z
      .string()
      .trim()
      .max(20)
      .refine((c) => c === '' || isValidCnpj(c), 'CNPJ do cabeçalho inválido (14 dígitos com dígitos verificadores, ou vazio).'),
    storeAddress: z.string().trim().max(200),
  }),
};
export const StoreSettings = z.object(StoreSettingsShape).partial().strict();
export type StoreSettings = z.infer<typeof StoreSettings>;
export type StoreSettingKey = keyof typeof StoreSettingsShape;
export const STORE_SETTING_KEYS = Object.keys(StoreSettingsShape) as StoreSettingKey[];

/** One setting as it comes down; a key this till does not know (a newer server) is skipped. */
export function parseStoreSetting(key: string, value: unknown): Partial<StoreSettings> | null {
  if (!(STORE_SETTING_KEYS as string[]).includes(key)) return null;
  const parsed = StoreSettingsShape[key as StoreSettingKey].safeParse(value);
  return parsed.success ? ({ [key]: parsed.data } as Partial<StoreSettings>) : null;
}
