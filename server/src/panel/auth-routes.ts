/** Panel access routes: session, Entrar, first access, TOTP (two factors), Sair, the TOTP setting. */
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { z } from 'zod';
import { badRequest, forbidden, unauthorized } from '../errors';
import { parseJsonBody } from '../http/body';
import { route, type Route } from '../http/routes';
import {
  audit,
  checkOrigin,
  cookieValue,
  createPanelUser,
  login,
  logout,
  markSessionVerified,
  panelSetting,
  panelUserCount,
  sessionCookie,
  sessionOf,
  SESSION_COOKIE,
  setPanelSetting,
} from './auth';
import { permissionsOf, ROLE_LABELS, type PanelPrincipal } from './auth-roles';

const Login = z.object({ email: z.string().max(200), password: z.string().max(200) });
const Code = z.object({ code: z.string().regex(/^\d{6}$/, 'código de 6 dígitos') });

function me(p: PanelPrincipal) {
  return {
    email: p.email,
    name: p.name,
    role: p.role,
    roleLabel: ROLE_LABELS[p.role],
    storeIds: p.storeIds,
    permissions: permissionsOf(p.role),
  };
}

async function checkTotp(secret: string | null, code: string): Promise<boolean> {
  if (!secret) return false;
  const r = await verify({ secret, token: code, epochTolerance: 30 });
  return r.valid;
}

export const panelAuthRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/panel/session',
    // Public by design: tells the page whether to show "Entrar", the first access or the panel.
    access: { kind: 'public' },
    async handler(ctx) {
      const p = await sessionOf(ctx);
      if (!p) return { body: { user: null, firstAccess: (await panelUserCount(ctx.db)) === 0 } };
      const [u] = await ctx.db.query<{ totp_enabled: boolean }>('SELECT totp_enabled FROM panel_users WHERE id = $1', [p.userId]);
      const step = p.verified ? 'ok' : u.totp_enabled ? 'totp' : 'enroll';
      return {
        body: {
          user: me(p),
          csrf: p.csrf,
          step,
          totpEnabled: u.totp_enabled,
          totpRequiredAdmin: await panelSetting(ctx.db, 'totp_required_admin', false),
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/login',
    access: { kind: 'public' },
    async handler(ctx) {
      checkOrigin(ctx);
      const body = parseJsonBody(ctx.body, Login);
      const r = await login(ctx.db, body.email, body.password);
      return { body: { step: r.step, csrf: r.csrf }, headers: { 'set-cookie': sessionCookie(ctx, r.token) } };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/first-access',
    // Public only while the database has no panel user at all (then refused).
    access: { kind: 'public' },
    async handler(ctx) {
      checkOrigin(ctx);
      const body = parseJsonBody(ctx.body, z.object({ email: z.string().max(200), name: z.string().max(100), password: z.string().max(200) }));
      const created = await ctx.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [5_200_024]);
        if ((await panelUserCount(tx)) > 0) return null;
        const r = await createPanelUser(tx, { ...body, role: 'administrador' });
        await audit(tx, { userId: r.userId, email: body.email.trim().toLowerCase() }, 'primeiro_acesso');
        return r;
      });
      if (!created) throw forbidden('O primeiro acesso já foi feito: entre com seu e-mail e senha.');
      const r = await login(ctx.db, body.email, body.password);
      return { body: { step: r.step, csrf: r.csrf }, headers: { 'set-cookie': sessionCookie(ctx, r.token) } };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/logout',
    access: { kind: 'panel', permission: 'session' },
    async handler(ctx) {
      const token = cookieValue(ctx, SESSION_COOKIE);
      if (token) await logout(ctx.db, token);
      await audit(ctx.db, ctx.panel!, 'logout');
      return { body: { ok: true }, headers: { 'set-cookie': sessionCookie(ctx, null) } };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/totp/verify',
    access: { kind: 'panel', permission: 'totp' },
    async handler(ctx) {
      const { code } = parseJsonBody(ctx.body, Code);
      const [u] = await ctx.db.query<{ totp_secret: string | null; totp_enabled: boolean }>('SELECT totp_secret, totp_enabled FROM panel_users WHERE id = $1', [ctx.panel!.userId]);
      if (!u.totp_enabled || !(await checkTotp(u.totp_secret, code))) {
        await audit(ctx.db, ctx.panel!, 'totp.falhou');
        throw unauthorized('codigo_invalido', 'Código de autenticação inválido.');
      }
      await markSessionVerified(ctx.db, ctx.panel!);
      return { body: { ok: true } };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/totp/setup',
    access: { kind: 'panel', permission: 'totp' },
    async handler(ctx) {
      const [u] = await ctx.db.query<{ totp_enabled: boolean }>('SELECT totp_enabled FROM panel_users WHERE id = $1', [ctx.panel!.userId]);
      if (u.totp_enabled) throw badRequest('A autenticação em dois fatores já está ativa.');
      const secret = generateSecret();
      await ctx.db.query('UPDATE panel_users SET totp_secret = $2 WHERE id = $1', [ctx.panel!.userId, secret]);
      const uri = generateURI({ issuer: 'Retaguarda Balcão', label: ctx.panel!.email, secret });
      return { body: { secret, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) } };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/totp/enable',
    access: { kind: 'panel', permission: 'totp' },
    async handler(ctx) {
      const { code } = parseJsonBody(ctx.body, Code);
      const [u] = await ctx.db.query<{ totp_secret: string | null }>('SELECT totp_secret FROM panel_users WHERE id = $1', [ctx.panel!.userId]);
      if (!(await checkTotp(u.totp_secret, code))) throw badRequest('Código inválido: confira o relógio do celular e tente o código atual.');
      await ctx.db.query('UPDATE panel_users SET totp_enabled = true WHERE id = $1', [ctx.panel!.userId]);
      await markSessionVerified(ctx.db, ctx.panel!);
      await audit(ctx.db, ctx.panel!, 'totp.ativado');
      return { body: { ok: true } };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/settings/totp',
    access: { kind: 'panel', permission: 'settings:write' },
    async handler(ctx) {
      const { required } = parseJsonBody(ctx.body, z.object({ required: z.boolean() }));
      await setPanelSetting(ctx.db, 'totp_required_admin', required);
      await audit(ctx.db, ctx.panel!, 'config.totp_admin', { required });
      return { body: { required } };
    },
  }),
];
