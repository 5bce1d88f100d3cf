/**
 * The browser host's WebSocket protocol for API calls (the socket also carries
 * core events as `{ event, payload }`, unchanged):
 *
 *   screen → host   { call: id, method, input }
 *   host → screen   { reply: id, result }                 any Result
 *                   { reply: id, patch: SalePatch }       ok, value = a Sale
 *
 * A cart change touches one line, so a Sale is sent as a patch against the
 * last Sale sent on the same socket when both have the same id: the lines that
 * did not change travel as their line id only. Each side keeps the last Sale
 * (`SaleMirror`); the socket is ordered, so both mirrors agree.
 */
import type { Result } from './api/define';
import type { Sale, SaleLine } from './api/sales';

export interface CallMessage {
  call: number;
  method: string;
  input: unknown;
}

export type SalePatch = Omit<Sale, 'lines'> & { lines: (SaleLine | number)[] };

export type ReplyMessage = { reply: number; result: Result<unknown> } | { reply: number; patch: SalePatch };

export function isSale(v: unknown): v is Sale {
  return !!v && typeof v === 'object' && Array.isArray((v as Sale).lines) && typeof (v as Sale).id === 'string' && 'totals' in v && 'payments' in v;
}

/** Host side: turns a result into the smallest reply the screen's mirror can rebuild. */
export class SaleEncoder {
  private last: Sale | null = null;

  encode(id: number, result: Result<unknown>): ReplyMessage {
    if (!result.ok || !isSale(result.value)) return { reply: id, result };
    const sale = result.value;
    const prev = this.last;
    this.last = sale;
    if (!prev || prev.id !== sale.id) return { reply: id, result };
    // The core hands out the same SaleLine object while a line is unchanged (see SalesService.toSale).
    const kept = new Set(prev.lines);
    return { reply: id, patch: { ...sale, lines: sale.lines.map((l) => (kept.has(l) ? l.id : l)) } };
  }
}

/** Screen side: rebuilds full results from replies, in arrival order. */
export class SaleDecoder {
  private last: Sale | null = null;

  decode(msg: ReplyMessage): Result<unknown> {
    if ('result' in msg) {
      if (msg.result.ok && isSale(msg.result.value)) this.last = msg.result.value;
      return msg.result;
    }
    const prev = this.last;
    if (!prev || prev.id !== msg.patch.id) {
      return { ok: false, error: { code: 'host.badResponse', message: 'Resposta inesperada do Balcão: recarregue a página.' } };
    }
    const byId = new Map(prev.lines.map((l) => [l.id, l]));
    const lines: SaleLine[] = [];
    for (const l of msg.patch.lines) {
      const line = typeof l === 'number' ? byId.get(l) : l;
      if (!line) return { ok: false, error: { code: 'host.badResponse', message: 'Resposta inesperada do Balcão: recarregue a página.' } };
      lines.push(line);
    }
    const sale: Sale = { ...msg.patch, lines };
    this.last = sale;
    return { ok: true, value: sale };
  }
}

/**
 * UTF-8 length of a string in bytes, without encoding it: what a WebSocket
 * frame really weighs (`string.length` counts UTF-16 units: "€" is 1 unit
 * and 3 bytes, so a cap on `.length` lets a frame 3× the cap through).
 */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a surrogate pair (2 units) is 4 bytes
      i++;
    } else n += 2; // 3 bytes (a lone surrogate is written as U+FFFD, also 3)
  }
  return n;
}
