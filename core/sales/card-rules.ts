import type { Statement } from 'better-sqlite3';
import type { CardRules } from '../../shared/api/payments';
import type { CardDetails } from '../../shared/api/sales';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';

const KEY = 'payments.cardRequired';
export const CARD_FORMS = [3, 4] as const;
const CREDIT = 3;
const NONE: CardRules = { brand: false, nsu: false, authorization: false };

/** Read at every card tender: prepared once per connection, not per call. */
const readStatements = new WeakMap<Db, Statement<[string], { value: string }>>();

export function readCardRules(db: Db): CardRules {
  let read = readStatements.get(db);
  if (!read) readStatements.set(db, (read = db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`)));
  const row = read.get(KEY);
  if (!row) return NONE;
  try {
    const v = JSON.parse(row.value) as Partial<CardRules>;
    return { brand: v.brand === true, nsu: v.nsu === true, authorization: v.authorization === true };
  } catch {
    return NONE;
  }
}

export function saveCardRules(db: Db, rules: CardRules): CardRules {
  db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(KEY, JSON.stringify(rules));
  return readCardRules(db);
}

/**
 * The card details a tender keeps: only on Cartão de Crédito/Débito; "Parcelas" 1–12 on crédito only
 * (1 when not typed); the fields "Pagamentos" requires must be there. Empty strings count as not typed.
 */
export function checkCard(formCode: number, card: CardDetails | undefined, rules: CardRules): CardDetails | null {
  const c = card ? { ...card, nsu: card.nsu?.trim() || null, authorization: card.authorization?.trim() || null } : null;
  const typed = !!c && (c.brand !== null || c.installments !== null || c.nsu !== null || c.authorization !== null);
  if (!(CARD_FORMS as readonly number[]).includes(formCode)) {
    if (typed) throw new AppError('payment.cardDetails', 'Bandeira, Parcelas, NSU e Autorização só valem para Cartão de Crédito ou de Débito.');
    return null;
  }
  const d: CardDetails = c ?? { brand: null, installments: null, nsu: null, authorization: null };
  if (formCode !== CREDIT && d.installments !== null && d.installments > 1) {
    throw new AppError('payment.installments', 'Parcelas só no Cartão de Crédito: no débito é sempre 1.');
  }
  const missing = [rules.brand && !d.brand ? 'a Bandeira' : null, rules.nsu && !d.nsu ? 'o NSU' : null, rules.authorization && !d.authorization ? 'a Autorização' : null].filter(Boolean);
  if (missing.length) {
    throw new AppError('payment.cardRequired', `Informe ${missing.join(', ')} do comprovante da maquininha (exigido em Configurações > Pagamentos).`);
  }
  return { ...d, installments: formCode === CREDIT ? (d.installments ?? 1) : d.installments === null ? null : 1 };
}
