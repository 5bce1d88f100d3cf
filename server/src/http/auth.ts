import { canonicalRequest, sameSignature, signature, SIGN_HEADERS } from '../../../shared/retaguarda/sign';
import { parseApiKey, sameHash, sha256 } from '../admin/credentials';
import { forbidden, unauthorized } from '../errors';
import { authenticatePanel } from '../panel/auth';
import type { Access, ApiKeyPrincipal, RequestContext, TillPrincipal } from './routes';

function header(ctx: RequestContext, name: string): string {
  const v = ctx.req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** A caixa's signed request: known and not revoked till, fresh timestamp, unseen nonce, right HMAC. */
export async function authenticateTill(ctx: RequestContext): Promise<TillPrincipal> {
  const tillId = header(ctx, SIGN_HEADERS.till);
  const timestamp = header(ctx, SIGN_HEADERS.timestamp);
  const nonce = header(ctx, SIGN_HEADERS.nonce);
  const sig = header(ctx, SIGN_HEADERS.signature);
  if (!tillId || !timestamp || !nonce || !sig) {
    throw unauthorized('assinatura_ausente', 'Requisição sem a assinatura do caixa: configure o caixa e o segredo da retaguarda.');
  }
  if (!/^[0-9a-f-]{36}$/i.test(tillId)) throw unauthorized('caixa_desconhecido', 'Caixa não cadastrado na retaguarda.');
  if (!/^\d{1,15}$/.test(timestamp) || !/^[A-Za-z0-9_-]{8,64}$/.test(nonce)) {
    throw unauthorized('assinatura_invalida', 'Assinatura do caixa malformada.');
  }
  const skew = Math.abs(Date.now() - Number(timestamp));
  if (skew > ctx.config.signatureWindowMs) {
    throw unauthorized('relogio_fora', 'O relógio do caixa está fora do horário da retaguarda (mais de 5 minutos): acerte a data e a hora.');
  }
  const canonical = await canonicalRequest(ctx.req.method ?? 'GET', ctx.url.pathname + ctx.url.search, timestamp, nonce, ctx.body);
  // Fast path (one round trip): the signature checked with the key this process saw last for the caixa, then
  // the nonce stored only if that key is still the caixa's and it is not revoked — a rotation or revocation by
  // any process counts at once. Anything else takes the full path below, which names the reason.
  const known = knownKeys(ctx.db).get(tillId);
  if (known && sameSignature(await signature(known.signingKey, canonical), sig)) {
    const ok = await ctx.db.query(
      `INSERT INTO till_nonces(till_id, nonce) SELECT id, $2 FROM tills WHERE id = $1 AND signing_key = $3 AND revoked_at IS NULL
       ON CONFLICT DO NOTHING RETURNING 1`,
      [tillId, nonce, known.signingKey],
    );
    if (ok.length) {
      await purgeNonces(ctx);
      return { tillId, storeId: known.storeId };
    }
  }
  const rows = await ctx.db.query<{ store_id: string; signing_key: string; revoked_at: Date | null }>(
    'SELECT store_id, signing_key, revoked_at FROM tills WHERE id = $1',
    [tillId],
  );
  const till = rows[0];
  if (!till) throw unauthorized('caixa_desconhecido', 'Caixa não cadastrado na retaguarda.');
  const expected = await signature(till.signing_key, canonical);
  if (!sameSignature(expected, sig)) {
    throw unauthorized('assinatura_invalida', 'Credencial do caixa inválida: confira o segredo em Configurações > Retaguarda.');
  }
  if (till.revoked_at) throw unauthorized('caixa_revogado', 'A credencial deste caixa foi revogada na retaguarda: peça uma nova ao gerente.');
  // Replay: the nonce must be new inside the window (older ones are purged now and then).
  const fresh = await ctx.db.query('INSERT INTO till_nonces(till_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1', [tillId, nonce]);
  if (!fresh.length) throw unauthorized('requisicao_repetida', 'Requisição repetida recusada (mesma assinatura já usada).');
  knownKeys(ctx.db).set(tillId, { signingKey: till.signing_key, storeId: till.store_id });
  await purgeNonces(ctx);
  return { tillId, storeId: till.store_id };
}

/** Per database (one server process): each caixa's signing key and store as last read (the fast path's guess). */
const keysByDb = new WeakMap<object, Map<string, { signingKey: string; storeId: string }>>();
function knownKeys(db: object): Map<string, { signingKey: string; storeId: string }> {
  let m = keysByDb.get(db);
  if (!m) keysByDb.set(db, (m = new Map()));
  return m;
}

/** Nonces older than the window are purged now and then. */
async function purgeNonces(ctx: RequestContext): Promise<void> {
  if (Math.random() < 0.01) {
    await ctx.db.query('DELETE FROM till_nonces WHERE seen_at < now() - make_interval(secs => $1)', [(2 * ctx.config.signatureWindowMs) / 1000]);
  }
}

export async function authenticateApiKey(ctx: RequestContext, scope: string): Promise<ApiKeyPrincipal> {
  const auth = header(ctx, 'authorization');
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!m) throw unauthorized('chave_ausente', 'Informe a chave de API no cabeçalho Authorization: Bearer <chave>.');
  const parsed = parseApiKey(m[1]);
  if (!parsed) throw unauthorized('chave_invalida', 'Chave de API inválida.');
  const rows = await ctx.db.query<{ name: string; secret_hash: string; scopes: string[]; store_ids: string[] | null; revoked_at: Date | null; used_recently: boolean }>(
    "SELECT name, secret_hash, scopes, store_ids, revoked_at, coalesce(last_used_at > now() - interval '1 minute', false) AS used_recently FROM api_keys WHERE id = $1",
    [parsed.id],
  );
  const key = rows[0];
  if (!key || !sameHash(key.secret_hash, sha256(parsed.secret))) throw unauthorized('chave_invalida', 'Chave de API inválida.');
  if (key.revoked_at) throw unauthorized('chave_revogada', 'Chave de API revogada: crie ou peça uma nova.');
  if (!key.scopes.includes(scope)) throw forbidden(`Esta chave não tem o escopo ${scope}.`);
  // "Último uso" in Integrações (is anything still using this key before it is revoked?): at most one write a minute per key.
  if (!key.used_recently) await ctx.db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [parsed.id]);
  return { id: parsed.id, name: key.name, scopes: key.scopes, storeIds: key.store_ids };
}

export async function authorize(ctx: RequestContext, access: Access): Promise<void> {
  if (access.kind === 'public') return;
  if (access.kind === 'till') ctx.till = await authenticateTill(ctx);
  else if (access.kind === 'apiKey') ctx.apiKey = await authenticateApiKey(ctx, access.scope);
  else if (access.kind === 'panel') ctx.panel = await authenticatePanel(ctx, access.permission);
  else throw forbidden('Rota sem regra de acesso.');
}
