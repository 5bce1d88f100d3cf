import type { OutboxSummary } from './types';

/** Operations not yet delivered (including those waiting for a person). */
export function undelivered(s: OutboxSummary): number {
  return s.pending + s.sending + s.retrying + s.attention;
}

/**
 * What quitting with undelivered operations says (pt-BR), or null when there
 * are none. Nothing is lost: the rows are in the database and the worker sends
 * them at the next start, with the same identifiers.
 */
export function quitWarning(s: OutboxSummary): { title: string; message: string; detail: string } | null {
  const n = undelivered(s);
  if (n === 0) return null;
  const ops = n === 1 ? '1 operação pendente' : `${n} operações pendentes`;
  return {
    title: 'Operações pendentes de sincronização',
    message: `Há ${ops} de sincronização com o Hub/parceiros.`,
    detail: `${n === 1 ? 'Ela fica guardada e será enviada' : 'Elas ficam guardadas e serão enviadas'} no próximo início do Balcão.`,
  };
}

/** One line for the terminal (Ctrl+C on the browser host). */
export function quitLine(s: OutboxSummary): string | null {
  const w = quitWarning(s);
  return w ? `Atenção: ${w.message} ${w.detail}` : null;
}
