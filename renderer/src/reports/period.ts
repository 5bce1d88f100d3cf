/** Local calendar dates ("2026-03-01") for the period controls, and their ISO instants for the core. */
import { addDays } from '../../../shared/date-input';

const pad = (n: number) => String(n).padStart(2, '0');

export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}


export type Shortcut = 'Hoje' | 'Ontem' | '7 dias' | 'Mês';
export const SHORTCUTS: Shortcut[] = ['Hoje', 'Ontem', '7 dias', 'Mês'];

export interface Period {
  /** Inclusive local dates. */
  from: string;
  to: string;
}

export function shortcut(s: Shortcut, now = new Date()): Period {
  const today = localDate(now);
  switch (s) {
    case 'Hoje':
      return { from: today, to: today };
    case 'Ontem':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case '7 dias':
      return { from: addDays(today, -6), to: today };
    case 'Mês':
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}

/** [from 00:00, day after `to` 00:00) in local time, as ISO instants. */
export function periodToIso(p: Partial<Period>): { from?: string; to?: string } {
  const at = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(y, m - 1, d).toISOString();
  };
  return {
    from: p.from ? at(p.from) : undefined,
    to: p.to ? at(addDays(p.to, 1)) : undefined,
  };
}

export function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(new Date(`${s}T00:00:00`).getTime());
}

/** Minutes to add to UTC to get local time (for the report's hours). */
export function tzOffsetMinutes(): number {
  return -new Date().getTimezoneOffset();
}
