import type { WebSocket } from 'ws';
import type { Dispatch } from '../kernel/handlers';
import { SaleEncoder, type CallMessage } from '../../shared/wire';

/** Close codes the call server uses (RFC 6455 §7.4.1); ws itself closes with 1007 (invalid UTF-8) and 1009 (too big). */
export const CLOSE_UNSUPPORTED = 1003;
export const CLOSE_BAD_DATA = 1007;
export const CLOSE_POLICY = 1008;

/**
 * API calls over an authenticated socket (the token was checked at the
 * upgrade, exactly like the header of POST /api/*): `{ call, method, input }`
 * → `{ reply, result | patch }` (see shared/wire.ts). Replies go out in the
 * order the calls finish; the screen matches them by id.
 *
 * A client can never stop the host: every socket has an `error` handler (ws
 * reports a bad frame there — invalid UTF-8, over the size cap, a protocol
 * error — and closes that one connection with its code), a binary frame is
 * closed with 1003, a text frame that is not JSON with 1007, and a JSON frame
 * that is not a call with 1008. A call with a well-formed id but a wrong
 * method or input gets an error value, like over HTTP.
 *
 * `onCall` (the bench's `venda-tela` section) is told where each call's time went on this side.
 */
/** When a call reached the host, when the core answered it and when its reply was handed to the socket (ms since the epoch, µs precision). */
export interface CallTiming {
  id: number;
  method: string;
  receivedAt: number;
  answeredAt: number;
  sentAt: number;
}

const clock = () => performance.timeOrigin + performance.now();

export function serveCalls(ws: WebSocket, dispatch: Dispatch, onCall?: (t: CallTiming) => void): void {
  const encoder = new SaleEncoder();
  ws.on('error', () => {
    /* ws has already closed this connection with the matching code (1002, 1007, 1009): nothing else to do */
  });
  const reply = (msg: string) => {
    if (ws.readyState === ws.OPEN) ws.send(msg, () => {});
  };
  ws.on('message', async (data, isBinary) => {
    const receivedAt = onCall ? clock() : 0;
    if (isBinary) return ws.close(CLOSE_UNSUPPORTED, 'somente mensagens de texto');
    let msg: CallMessage;
    try {
      msg = JSON.parse(data.toString()) as CallMessage;
    } catch {
      return ws.close(CLOSE_BAD_DATA, 'mensagem não é JSON');
    }
    if (!msg || typeof msg !== 'object' || typeof msg.call !== 'number' || !Number.isSafeInteger(msg.call)) {
      return ws.close(CLOSE_POLICY, 'mensagem não é uma chamada');
    }
    if (typeof msg.method !== 'string' || msg.method.length > 100) {
      return reply(JSON.stringify({ reply: msg.call, result: { ok: false, error: { code: 'api.badCall', message: 'Chamada inválida.' } } }));
    }
    let result: Awaited<ReturnType<Dispatch>>;
    try {
      result = await dispatch(msg.method, msg.input);
    } catch {
      result = { ok: false, error: { code: 'internal', message: 'Erro interno no Balcão.' } };
    }
    const answeredAt = onCall ? clock() : 0;
    reply(JSON.stringify(encoder.encode(msg.call, result)));
    onCall?.({ id: msg.call, method: msg.method, receivedAt, answeredAt, sentAt: clock() });
  });
}

