import type { CardDetails } from './api/sales';

/** "Visa 3x - NSU 123456 - Aut. A1B2C3" — a card tender's details on a receipt, the detail and exports. */
export function describeCard(card: CardDetails | null | undefined): string {
  if (!card) return '';
  return [
    [card.brand, card.installments && card.installments > 1 ? `${card.installments}x` : card.installments === 1 ? 'à vista' : null].filter(Boolean).join(' '),
    card.nsu ? `NSU ${card.nsu}` : null,
    card.authorization ? `Aut. ${card.authorization}` : null,
  ]
    .filter(Boolean)
    .join(' - ');
}
