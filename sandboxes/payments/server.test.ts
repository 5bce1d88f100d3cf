import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../common/raw-request';
import { startPaymentSandbox, type PaymentSandbox } from './server';

/** An independent CRC16-CCITT-FALSE (table-driven, not the sandbox's bitwise loop). */
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 8;
  for (let k = 0; k < 8; k++) c = c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1;
  return c & 0xffff;
});
function crcTable(s: string): number {
  let crc = 0xffff;
  for (const b of Buffer.from(s)) crc = ((crc << 8) ^ TABLE[((crc >> 8) ^ b) & 0xff]) & 0xffff;
  return crc;
}
/** Parses an EMV TLV string into id → value (top level). */
function tlv(s: string): Map<string, string> {
  const m = new Map<string, string>();
  let i = 0;
  while (i < s.length) {
    const id = s.slice(i, i + 2);
    const len = Number(s.slice(i + 2, i + 4));
    m.set(id, s.slice(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return m;
}

let sb: PaymentSandbox;
beforeEach(async () => {
  sb = await startPaymentSandbox({ refundSettleMs: 0 });
});
afterEach(async () => {
  await sb.close();
});

async function call(method: string, path: string, body?: unknown, token?: string) {
  const r = await fetch(sb.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
}
const auth = async () => (await call('POST', '/pdvauth', { access_key: 'a', secret_key: 's', client_id: 'c' })).body.access_token as string;
const order = (ref: string, total: number, items = [{ item_title: 'Arroz', quantity: 1, unit_price: total }]) => ({ order_ref: ref, wallet: 'pix', total, items });

describe('payment sandbox', () => {
  it('authenticates, expires tokens by its clock and refreshes', async () => {
    expect((await call('POST', '/pdvauth', { access_key: 'a', secret_key: '', client_id: 'c' })).status).toBe(401);
    const login = (await call('POST', '/pdvauth', { access_key: 'a', secret_key: 's', client_id: 'c' })).body;
    expect(login).toMatchObject({ access_token_expires_in: 14400, refresh_token_expires_in: 28800, token_type: 'Bearer' });
    expect((await call('GET', '/v1/wallets', undefined, login.access_token)).status).toBe(200);
    sb.control.advance(14_400_000);
    expect((await call('GET', '/v1/wallets', undefined, login.access_token)).status).toBe(401);
    const again = await call('POST', '/refresh-token', undefined, login.refresh_token);
    expect(again.status).toBe(200);
    expect((await call('GET', '/v1/wallets', undefined, again.body.access_token)).body[0].wallet).toBe('pix');
  });

  it('creates orders strictly (422 when items do not add up) with a valid EMV BR Code', async () => {
    const t = await auth();
    expect((await call('POST', '/order', order('r1', 10.5, [{ item_title: 'A', quantity: 2, unit_price: 5.2 }]), t)).status).toBe(422);
    expect((await call('POST', '/order', order('r1', 10.555), t)).status).toBe(400);
    expect((await call('POST', '/order', { ...order('r1', 10), wallet: 'nope' }, t)).status).toBe(400);
    const created = await call('POST', '/order', order('r1', 10.4, [{ item_title: 'A', quantity: 2, unit_price: 5.2 }]), t);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: 'pending', wallet: 'pix', deep_link: null });
    expect(created.body.qr_code).toMatch(/^data:image\/png;base64,/);
    const text = created.body.qr_code_text as string;
    const fields = tlv(text);
    expect(fields.get('00')).toBe('01');
    expect(fields.get('54')).toBe('10.40');
    expect(fields.get('53')).toBe('986');
    expect(text.slice(-8, -4)).toBe('6304');
    expect(crcTable(text.slice(0, -4)).toString(16).toUpperCase().padStart(4, '0')).toBe(text.slice(-4));
    expect((await call('POST', '/order', order('r1', 10.4, [{ item_title: 'A', quantity: 2, unit_price: 5.2 }]), t)).status).toBe(400);
  });

  it('pays, cancels (paid → refund), refunds partially and expires after 60 minutes', async () => {
    const t = await auth();
    const a = (await call('POST', '/order', order('a', 20), t)).body.order_id;
    sb.control.pay(a);
    const got = await call('GET', `/order/${a}`, undefined, t);
    expect(got.body).toMatchObject({ status: 'approved', paid_amount: 20, external_id: 'a' });
    expect(got.body.wallet_payment_id).toMatch(/^E\d{8}/);
    expect((await call('DELETE', `/order/${a}/refund`, { amount: 5 }, t)).body.status).toBe('partial_refunded');
    expect((await call('DELETE', `/order/${a}`, undefined, t)).body.status).toBe('refunded');
    const b = (await call('POST', '/order', order('b', 3), t)).body.order_id;
    expect((await call('DELETE', `/order/${b}`, undefined, t)).body.status).toBe('cancelled');
    const c = (await call('POST', '/order', order('c', 3), t)).body.order_id;
    sb.control.advance(60 * 60_000);
    expect((await call('GET', `/order/${c}`, undefined, t)).body.status).toBe('expired');
    expect((await call('GET', '/orders/list?external_id=c', undefined, t)).body.data).toHaveLength(1);
    expect((await call('GET', '/order/nope', undefined, t)).body).toEqual({ code: 404, message: 'Order not Found' });
  });
});

describe('payment sandbox control API', () => {
  const control = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    const r = await rawRequest(sb.port, { method, path: `/__control${path}`, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: JSON.parse(r.text) as Record<string, any> };
  };

  it('pays an order, injects and clears faults, goes down and up, resets', async () => {
    const t = await auth();
    const id = (await call('POST', '/order', order('ctl', 7), t)).body.order_id;
    expect((await control('POST', `/orders/${id}/pay`, {})).body).toMatchObject({ status: 'approved', external_id: 'ctl' });
    expect((await control('POST', '/faults', { route: 'wallets', kind: 'unauthorized', times: 1 })).body).toMatchObject({ ok: true, faults: [{ route: 'wallets', kind: 'unauthorized' }] });
    expect((await call('GET', '/v1/wallets', undefined, t)).status).toBe(401);
    await control('POST', '/faults', { route: 'wallets', kind: 'http500' });
    expect((await control('DELETE', '/faults')).body).toEqual({ ok: true });
    expect((await call('GET', '/v1/wallets', undefined, t)).status).toBe(200);
    expect((await control('POST', '/clock/advance', { ms: -1 })).body).toEqual({ error: 'ms deve ser um número ≥ 0' });
    expect((await control('POST', '/nada', {})).body).toEqual({ error: 'controle desconhecido: POST /nada' });

    expect((await control('POST', '/faults', { kind: 'down' })).body).toEqual({ ok: true, down: true });
    await expect(control('GET', '/state')).rejects.toThrow();
    await sb.control.setDown(false);
    const state = (await control('GET', '/state')).body;
    expect(state).toMatchObject({ down: false, orders: [{ status: 'approved' }] });
    expect(state.requests.every((r: { authorization?: string }) => r.authorization === undefined)).toBe(true);
    const received = (await control('GET', '/requests')).body as unknown as { route: string; authorization?: string }[];
    expect(received.find((r) => r.route === 'wallets')?.authorization).toBe(`••••${t.slice(-4)}`);
    expect((await control('POST', '/reset', {})).body).toEqual({ ok: true });
    expect(sb.control.orders()).toEqual([]);
    expect(sb.control.requests()).toEqual([]);
  });

  it('the console page runs its script under a nonce and may show data: images (QR codes)', async () => {
    const r = await fetch(`${sb.url}/__control`);
    const csp = r.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toContain('img-src data:');
    expect(await r.text()).toContain(`<script nonce="${nonce}">`);
  });

  it('the control port refuses a foreign Host or Origin', async () => {
    const raw = async (headers: Record<string, string>) => (await rawRequest(sb.port, { method: 'POST', path: '/__control/reset', headers, body: '{}' })).status;
    expect(await raw({ host: `evil.example:${sb.port}` })).toBe(421);
    expect(await raw({ host: `127.0.0.1:${sb.port}`, origin: 'http://evil.example', 'content-type': 'text/plain' })).toBe(403);
  });
});
