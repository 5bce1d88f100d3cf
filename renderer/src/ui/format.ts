/**
 * How the screens show numbers, money and moments — one place, never borrowed from another screen.
 * Money and calendar dates come from the shared readers' own formatters (the core and the receipt use
 * the same), moments in the till's local time.
 */
export { formatBRL } from '../../../shared/money';
export { formatDate } from '../../../shared/date-input';
export { saleNumber } from '../../../shared/sale-number';

/** A moment for people: "07/12/2026, 21:02:38"; "—" when there is none. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString('pt-BR') : '—';
}

/** The time of day of a moment: "21:02:38". */
export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString('pt-BR');
}

/** A count with the thousands dot: 1234 → "1.234". */
export function count(n: number): string {
  return n.toLocaleString('pt-BR');
}
