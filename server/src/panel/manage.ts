/** Lojas, Caixas, Usuários, Integrações and Auditoria: reads scoped to the user's stores; writes audited. */
import * as admin from '../admin/service';
import { reserveChangeSeq } from '../admin/changes';
import { hashPin, PIN_RULE } from '../../../core/users/pin';
import type { Db } from '../db/db';
import { badRequest, notFound } from '../errors';
import { intParam } from '../http/body';
import { audit, createPanelUser } from './auth';
import { ROLE_LABELS, type PanelPrincipal, type PanelRole } from './auth-roles';
import { allowedStores, assertStoreAccess, uuidParam, Where } from './filters';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function listStores(db: Db, p: PanelPrincipal) {
  const stores = allowedStores(p, null);
  const rows = await db.query<{ id: string; name: string; cnpj: string; address: string; phone: string; created_at: Date }>(
    `SELECT id, name, cnpj, address, phone, created_at FROM stores ${stores ? 'WHERE id = ANY($1::uuid[])' : ''} ORDER BY name`,
    stores ? [stores] : [],
  );
  const tills = await db.query<{
    id: string;
    store_id: string;
    name: string;
    revoked_at: Date | null;
    last_seen_at: Date | null;
    last_record_seq: number;
    app_version: string | null;
    backlog: number | null;
    status_at: Date | null;
    created_at: Date;
  }>(
    `SELECT id, store_id, name, revoked_at, last_seen_at, last_record_seq, app_version, backlog, status_at, created_at FROM tills ${stores ? 'WHERE store_id = ANY($1::uuid[])' : ''} ORDER BY name`,
    stores ? [stores] : [],
  );
  const shifts = await db.query<{ id: string; store_id: string; till_id: string; opened_at: Date; closed_at: Date | null; opened_by: string; closed_by: string | null; difference: number | null }>(
    `SELECT DISTINCT ON (till_id) id, store_id, till_id, opened_at, closed_at, opened_by, closed_by,
            (SELECT sum((c->>'differenceCents')::bigint) FROM jsonb_array_elements(coalesce(closing, '[]'::jsonb)) c)::bigint AS difference
       FROM shifts ${stores ? 'WHERE store_id = ANY($1::uuid[])' : ''} ORDER BY till_id, opened_at DESC`,
    stores ? [stores] : [],
  );
  const lastShift = new Map(shifts.map((s) => [s.till_id, s]));
  return {
    stores: rows.map((s) => ({
      id: s.id,
      name: s.name,
      cnpj: s.cnpj,
      address: s.address,
      phone: s.phone,
      tills: tills
        .filter((t) => t.store_id === s.id)
        .map((t) => {
          const sh = lastShift.get(t.id);
          return {
            id: t.id,
            name: t.name,
            revokedAt: iso(t.revoked_at),
            lastSeenAt: iso(t.last_seen_at),
            lastRecordSeq: t.last_record_seq,
            appVersion: t.app_version,
            backlog: t.backlog,
            statusAt: iso(t.status_at),
            lastShift: sh ? { openedAt: iso(sh.opened_at), closedAt: iso(sh.closed_at), openedBy: sh.opened_by, closedBy: sh.closed_by, differenceCents: sh.difference } : null,
          };
        }),
    })),
  };
}

export async function createStore(db: Db, p: PanelPrincipal, input: { name?: string; cnpj?: string; address?: string; phone?: string }) {
  const { storeId } = await admin.createStore(db, { name: input.name ?? '', cnpj: input.cnpj ?? '', address: input.address });
  const phone = (input.phone ?? '').trim().slice(0, 40);
  if (phone) await db.query('UPDATE stores SET phone = $2 WHERE id = $1', [storeId, phone]);
  await audit(db, p, 'loja.criada', { name: input.name }, storeId);
  return { storeId };
}

export async function createTill(db: Db, p: PanelPrincipal, input: { storeId?: string; name?: string }) {
  if (!input.storeId) throw badRequest('Escolha a loja.');
  assertStoreAccess(p, input.storeId);
  const t = await admin.createTill(db, { storeId: input.storeId, name: input.name ?? '' });
  await audit(db, p, 'caixa.criado', { tillId: t.tillId, name: input.name }, input.storeId);
  return t;
}

async function tillStore(db: Db, tillId: string): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(tillId ?? '')) throw badRequest('Caixa inválido.');
  const [t] = await db.query<{ store_id: string }>('SELECT store_id FROM tills WHERE id = $1', [tillId]);
  if (!t) throw notFound('Caixa não encontrado.');
  return t.store_id;
}

export async function revokeTill(db: Db, p: PanelPrincipal, tillId: string) {
  const storeId = await tillStore(db, tillId);
  assertStoreAccess(p, storeId);
  const r = await admin.revokeTill(db, tillId);
  await audit(db, p, 'caixa.revogado', { tillId }, storeId);
  return r;
}

export async function listUsers(db: Db) {
  const panel = await db.query<{ id: string; email: string; name: string; role: PanelRole; store_ids: string[] | null; totp_enabled: boolean; active: boolean }>(
    'SELECT id, email, name, role, store_ids, totp_enabled, active FROM panel_users ORDER BY email',
  );
  const till = await db.query<{ id: string; store_id: string; store_name: string; name: string; role: string; active: boolean }>(
    'SELECT u.id, u.store_id, s.name AS store_name, u.name, u.role, u.active FROM till_users u JOIN stores s ON s.id = u.store_id ORDER BY s.name, u.name',
  );
  return {
    panel: panel.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, roleLabel: ROLE_LABELS[u.role], storeIds: u.store_ids, totp: u.totp_enabled, active: u.active })),
    till: till.map((u) => ({ id: u.id, storeId: u.store_id, storeName: u.store_name, name: u.name, role: u.role === 'gerente' ? 'Gerente' : 'Operador', active: u.active })),
  };
}

export async function createUser(db: Db, p: PanelPrincipal, input: { email?: string; name?: string; role?: string; password?: string; storeIds?: string[] }) {
  for (const s of input.storeIds ?? []) if (!/^[0-9a-f-]{36}$/i.test(s)) throw badRequest('Loja inválida.');
  const r = await createPanelUser(db, { email: input.email ?? '', name: input.name ?? '', role: input.role ?? '', password: input.password ?? '', storeIds: input.storeIds });
  await audit(db, p, 'usuario.criado', { userId: r.userId, email: input.email, role: input.role });
  return r;
}

export async function setUserActive(db: Db, p: PanelPrincipal, userId: string, active: boolean) {
  if (userId === p.userId && !active) throw badRequest('Você não pode desativar o próprio usuário.');
  const rows = await db.query('UPDATE panel_users SET active = $2 WHERE id = $1 RETURNING id', [userId, active]);
  if (!rows.length) throw notFound('Usuário não encontrado.');
  if (!active) await db.query('DELETE FROM panel_sessions WHERE user_id = $1', [userId]);
  await audit(db, p, active ? 'usuario.reativado' : 'usuario.desativado', { userId });
  return { userId, active };
}

export async function createTillUser(db: Db, p: PanelPrincipal, input: { storeId?: string; name?: string; role?: string; pin?: string }) {
  const role = input.role === 'Gerente' || input.role === 'gerente' ? 'gerente' : 'caixa';
  const r = await admin.createUser(db, { storeId: input.storeId ?? '', name: input.name ?? '', role, pin: input.pin ?? '' });
  await audit(db, p, 'usuario_caixa.criado', { userId: r.userId, name: input.name, role }, input.storeId ?? null);
  return r;
}

/** A new PIN for a till user: reaches every till of the store through the change feed. */
export async function resetTillPin(db: Db, p: PanelPrincipal, userId: string, pin: string) {
  if (!PIN_RULE.test(pin)) throw badRequest('O PIN deve ter de 4 a 8 dígitos.');
  const { hash, salt } = await hashPin(pin);
  const storeId = await db.transaction(async (tx) => {
    const [u] = await tx.query<{ store_id: string }>('SELECT store_id FROM till_users WHERE id = $1 AND active', [userId]);
    if (!u) throw notFound('Usuário de caixa não encontrado.');
    assertStoreAccess(p, u.store_id);
    const seq = await reserveChangeSeq(tx, u.store_id, 1);
    await tx.query('UPDATE till_users SET pin_hash = $2, pin_salt = $3, change_seq = $4, updated_at = now() WHERE id = $1', [userId, hash, salt, seq]);
    return u.store_id;
  });
  await audit(db, p, 'usuario_caixa.pin', { userId }, storeId);
  return { userId };
}

export async function listApiKeys(db: Db) {
  const rows = await db.query<{ id: string; name: string; scopes: string[]; store_ids: string[] | null; created_at: Date; revoked_at: Date | null; last_used_at: Date | null }>(
    'SELECT id, name, scopes, store_ids, created_at, revoked_at, last_used_at FROM api_keys ORDER BY created_at DESC',
  );
  return {
    scopes: admin.SCOPES,
    keys: rows.map((k) => ({ id: k.id, name: k.name, scopes: k.scopes, storeIds: k.store_ids, createdAt: iso(k.created_at), revokedAt: iso(k.revoked_at), lastUsedAt: iso(k.last_used_at) })),
  };
}

export async function createApiKey(db: Db, p: PanelPrincipal, input: { name?: string; scopes?: string[]; storeIds?: string[] | null }) {
  const r = await admin.createApiKey(db, { name: input.name ?? '', scopes: input.scopes ?? [], storeIds: input.storeIds ?? null });
  await audit(db, p, 'chave.criada', { id: r.id, name: input.name, scopes: input.scopes, storeIds: input.storeIds ?? null });
  return r;
}

export async function revokeApiKey(db: Db, p: PanelPrincipal, id: string) {
  const r = await admin.revokeApiKey(db, id);
  await audit(db, p, 'chave.revogada', { id: r.id });
  return r;
}

export async function rotateApiKey(db: Db, p: PanelPrincipal, id: string) {
  const r = await admin.rotateApiKey(db, id);
  await audit(db, p, 'chave.rotacionada', { id: r.id, revoked: r.revoked });
  return r;
}

/** "Auditoria": the panel's actions and the tills' audit rows, newest first. */
export async function listAudit(db: Db, p: PanelPrincipal, url: URL) {
  const storeId = uuidParam(url, 'loja', 'Loja');
  const tillId = uuidParam(url, 'caixa', 'Caixa');
  const stores = allowedStores(p, storeId);
  const user = url.searchParams.get('usuario')?.trim() || null;
  const action = url.searchParams.get('acao')?.trim() || null;
  const from = url.searchParams.get('de') || null;
  const to = url.searchParams.get('ate') || null;
  for (const d of [from, to]) if (d && Number.isNaN(new Date(d).getTime())) throw badRequest('Período inválido.');
  const limit = intParam(url, 'limite', 100, 1, 500);
  const w = new Where();
  if (stores) w.add('a.store_id = ANY(?::uuid[])', stores);
  if (tillId) w.add('a.till_id = ?', tillId);
  if (user) w.add("lower(a.actor) LIKE '%' || lower(?) || '%'", user);
  if (action) w.add("lower(a.action) LIKE '%' || lower(?) || '%'", action);
  if (from) w.add('a.at >= ?', new Date(from).toISOString());
  if (to) w.add('a.at < ?', new Date(to).toISOString());
  w.params.push(limit);
  const rows = await db.query<{ source: string; at: Date; store_name: string | null; till_name: string | null; actor: string; approver: string | null; action: string; details: unknown }>(
    `SELECT a.source, a.at, st.name AS store_name, t.name AS till_name, a.actor, a.approver, a.action, a.details FROM (
       SELECT 'painel' AS source, at, store_id, NULL::uuid AS till_id, email AS actor, NULL::text AS approver, action, details FROM panel_audit
       UNION ALL
       SELECT 'caixa', at, store_id, till_id, actor, approver, action, details FROM audit_rows
     ) a LEFT JOIN stores st ON st.id = a.store_id LEFT JOIN tills t ON t.id = a.till_id
     ${w}
     ORDER BY a.at DESC LIMIT $${w.params.length}`,
    w.params,
  );
  return {
    rows: rows.map((r) => ({ source: r.source, at: iso(r.at), storeName: r.store_name, tillName: r.till_name, actor: r.actor, approver: r.approver, action: r.action, details: r.details })),
  };
}
