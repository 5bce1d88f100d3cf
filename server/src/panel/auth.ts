/**
 * Panel sign-in: e-mail + password (scrypt), a growing wait after 5 wrong attempts per e-mail, sessions
 * in an HttpOnly SameSite=Strict cookie (only sha256 of the token is stored), a CSRF token required in
 * `x-csrf-token` on every change, optional TOTP (required for Administrador when the setting is on).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import { forbidden, ServerError, unauthorized, badRequest } from '../errors';
import type { RequestContext } from '../http/routes';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './auth-password';
import { PANEL_ROLES, roleAllows, type PanelPermission, type PanelPrincipal, type PanelRole } from './auth-roles';

export const SESSION_COOKIE = 'rtg_sessao';
export const SESSION_HOURS = 12;
export const MAX_FAILURES = 5;
/** Wait after the 5th wrong password: 30 s, doubling per further failure, at most 15 min. */
export function lockSeconds(failures: number): number {
  return failures < MAX_FAILURES ? 0 : Math.min(30 * 2 ** (failures - MAX_FAILURES), 15 * 60);
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function normalizeEmail(email: string): string {
  return String(email ?? '').trim().toLowerCase();
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PanelUserInput {
  email: string;
  name: string;
  role: string;
  password: string;
  storeIds?: string[] | null;
}

export async function createPanelUser(q: Queryable, input: PanelUserInput): Promise<{ userId: string }> {
  const email = normalizeEmail(input.email);
  if (!EMAIL_RE.test(email)) throw badRequest('Informe um e-mail válido.');
  const name = String(input.name ?? '').trim() || email;
  if (!PANEL_ROLES.includes(input.role as PanelRole)) throw badRequest('Perfil inválido.');
  const problem = passwordProblem(input.password);
  if (problem) throw badRequest(problem);
  const storeIds = input.role === 'gerente' ? (input.storeIds ?? []) : null;
  if (input.role === 'gerente' && !storeIds?.length) throw badRequest('Um Gerente de loja precisa de ao menos uma loja.');
  const dup = await q.query('SELECT 1 FROM panel_users WHERE lower(email) = $1', [email]);
  if (dup.length) throw badRequest(`Já existe um usuário com o e-mail ${email}.`);
  const userId = randomUUID();
  await q.query('INSERT INTO panel_users(id, email, name, role, password_hash, store_ids) VALUES ($1, $2, $3, $4, $5, $6)', [
    userId,
    email,
    name,
    input.role,
    await hashPassword(input.password),
    storeIds,
  ]);
  return { userId };
}

export async function panelUserCount(q: Queryable): Promise<number> {
  const [r] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM panel_users');
  return r.n;
}

/** A fresh database + RETAGUARDA_ADMIN_EMAIL/PASSWORD → the first Administrador (tests, demos). */
export async function bootstrapPanelAdmin(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const email = env.RETAGUARDA_ADMIN_EMAIL;
  const password = env.RETAGUARDA_ADMIN_PASSWORD;
  if (!email || !password) return;
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [5_200_024]);
    if ((await panelUserCount(tx)) > 0) return;
    await createPanelUser(tx, { email, name: 'Administrador', role: 'administrador', password });
  });
}

export async function panelSetting<T>(q: Queryable, key: string, def: T): Promise<T> {
  const rows = await q.query<{ value: T }>('SELECT value FROM panel_settings WHERE key = $1', [key]);
  return rows.length ? rows[0].value : def;
}

export async function setPanelSetting(q: Queryable, key: string, value: unknown): Promise<void> {
  await q.query('INSERT INTO panel_settings(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, JSON.stringify(value)]);
}

export async function audit(q: Queryable, who: PanelPrincipal | { userId: string | null; email: string }, action: string, details: Record<string, unknown> = {}, storeId: string | null = null): Promise<void> {
  await q.query('INSERT INTO panel_audit(user_id, email, action, store_id, details) VALUES ($1, $2, $3, $4, $5)', [
    who.userId,
    who.email,
    action,
    storeId,
    JSON.stringify(details),
  ]);
}

export interface LoginResult {
  token: string;
  csrf: string;
  /** 'totp': the code is owed; 'enroll': an Administrador must turn TOTP on first (setting on). */
  step: 'ok' | 'totp' | 'enroll';
}

/** Checks e-mail + password with the per-e-mail lock; a session (maybe owing TOTP) on success. */
export async function login(db: Db, emailIn: string, password: string): Promise<LoginResult> {
  const email = normalizeEmail(emailIn);
  if (!email || typeof password !== 'string' || !password) throw badRequest('Informe e-mail e senha.');
  const [fail] = await db.query<{ failures: number; wait: number }>(
    'SELECT failures, GREATEST(0, ceil(extract(epoch FROM locked_until - now())))::int AS wait FROM panel_login_failures WHERE email = $1',
    [email],
  );
  if (fail && fail.wait > 0) {
    throw new ServerError(429, 'acesso_bloqueado', `Muitas tentativas erradas: aguarde ${fail.wait} s para tentar de novo.`, { waitSeconds: fail.wait });
  }
  const [user] = await db.query<{ id: string; role: PanelRole; password_hash: string; totp_enabled: boolean; active: boolean }>(
    'SELECT id, role, password_hash, totp_enabled, active FROM panel_users WHERE lower(email) = $1',
    [email],
  );
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
  if (!ok || !user || !user.active) {
    const [row] = await db.query<{ failures: number }>(
      `INSERT INTO panel_login_failures(email, failures) VALUES ($1, 1)
       ON CONFLICT (email) DO UPDATE SET failures = panel_login_failures.failures + 1 RETURNING failures`,
      [email],
    );
    const wait = lockSeconds(row.failures);
    if (wait) await db.query("UPDATE panel_login_failures SET locked_until = now() + make_interval(secs => $2) WHERE email = $1", [email, wait]);
    await audit(db, { userId: user?.id ?? null, email }, 'login.falhou', { failures: row.failures });
    const left = MAX_FAILURES - row.failures;
    throw unauthorized(
      'credenciais_invalidas',
      wait ? `E-mail ou senha incorretos. Aguarde ${wait} s para tentar de novo.` : `E-mail ou senha incorretos${left <= 2 ? ` (mais ${left} tentativa${left === 1 ? '' : 's'} antes da espera)` : ''}.`,
    );
  }
  await db.query('DELETE FROM panel_login_failures WHERE email = $1', [email]);
  const requireAdmin = user.role === 'administrador' && (await panelSetting(db, 'totp_required_admin', false));
  const step: LoginResult['step'] = user.totp_enabled ? 'totp' : requireAdmin ? 'enroll' : 'ok';
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db.query(
    `INSERT INTO panel_sessions(token_hash, user_id, csrf, verified, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
    [sha(token), user.id, csrf, step === 'ok', SESSION_HOURS],
  );
  await audit(db, { userId: user.id, email }, 'login', { step });
  return { token, csrf, step };
}

export async function markSessionVerified(q: Queryable, principal: PanelPrincipal): Promise<void> {
  await q.query('UPDATE panel_sessions SET verified = true WHERE user_id = $1 AND csrf = $2', [principal.userId, principal.csrf]);
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.query('DELETE FROM panel_sessions WHERE token_hash = $1', [sha(token)]);
}

export function cookieValue(ctx: RequestContext, name: string): string | null {
  const raw = ctx.req.headers.cookie ?? '';
  for (const part of raw.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}

function secureCookie(ctx: RequestContext): boolean {
  return process.env.RETAGUARDA_SECURE_COOKIE === '1' || ctx.req.headers['x-forwarded-proto'] === 'https';
}

export function sessionCookie(ctx: RequestContext, token: string | null): string {
  const base = `${SESSION_COOKIE}=${token ?? ''}; Path=/; HttpOnly; SameSite=Strict${secureCookie(ctx) ? '; Secure' : ''}`;
  return token ? `${base}; Max-Age=${SESSION_HOURS * 3600}` : `${base}; Max-Age=0`;
}

/** Same-origin check for changes: an Origin header, when sent, must be this host. */
export function checkOrigin(ctx: RequestContext): void {
  const origin = ctx.req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw forbidden('Origem da requisição inválida.');
  }
  const expected = ctx.req.headers['x-forwarded-host'] ?? ctx.req.headers.host;
  if (host !== expected) throw forbidden('Requisição de outra origem recusada.');
}

/** The session of this request (or null), without any permission check. */
export async function sessionOf(ctx: RequestContext): Promise<PanelPrincipal | null> {
  const token = cookieValue(ctx, SESSION_COOKIE);
  if (!token || token.length > 100) return null;
  const [row] = await ctx.db.query<{
    user_id: string;
    email: string;
    name: string;
    role: PanelRole;
    store_ids: string[] | null;
    csrf: string;
    verified: boolean;
  }>(
    `SELECT s.user_id, u.email, u.name, u.role, u.store_ids, s.csrf, s.verified
       FROM panel_sessions s JOIN panel_users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
    [sha(token)],
  );
  if (!row) return null;
  return { userId: row.user_id, email: row.email, name: row.name, role: row.role, storeIds: row.store_ids, csrf: row.csrf, verified: row.verified };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** authorize() for `{ kind: 'panel', permission }`: session, second factor, CSRF on changes, role. */
export async function authenticatePanel(ctx: RequestContext, permission: PanelPermission): Promise<PanelPrincipal> {
  const p = await sessionOf(ctx);
  if (!p) throw unauthorized('sessao_ausente', 'Sessão expirada ou inexistente: entre novamente.');
  if (!p.verified && permission !== 'totp' && permission !== 'session') {
    throw unauthorized('dois_fatores_pendente', 'Conclua a autenticação em dois fatores.');
  }
  if (ctx.req.method !== 'GET') {
    checkOrigin(ctx);
    const sent = ctx.req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameText(sent, p.csrf)) throw forbidden('Token CSRF ausente ou inválido: recarregue a página.');
  }
  if (!roleAllows(p.role, permission)) throw forbidden('Seu perfil não tem acesso a esta função.');
  return p;
}
