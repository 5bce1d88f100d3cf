import { randomUUID } from 'node:crypto';
import { isValidCnpj, onlyDigits } from '../../../shared/cpf';
import { deriveSigningKey } from '../../../shared/retaguarda/sign';
import { hashPin, PIN_RULE } from '../../../core/users/pin';
import type { Db, Queryable } from '../db/db';
import { badRequest, notFound } from '../errors';
import { newApiKey, newTillSecret } from './credentials';
import { reserveChangeSeq } from './changes';

export const SCOPES = ['sales:read', 'shifts:read', 'products:write', 'settings:write', 'audit:read'] as const;
export type Scope = (typeof SCOPES)[number];
export const ROLES = ['caixa', 'gerente'] as const;
export type TillRole = (typeof ROLES)[number];

async function requireStore(q: Queryable, storeId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(storeId)) throw badRequest(`Loja inválida: ${storeId}`);
  const rows = await q.query('SELECT 1 FROM stores WHERE id = $1', [storeId]);
  if (!rows.length) throw notFound(`Loja ${storeId} não encontrada.`);
}

export async function createStore(db: Db, input: { name: string; cnpj: string; address?: string }): Promise<{ storeId: string }> {
  const name = input.name?.trim();
  if (!name) throw badRequest('Informe o nome da loja (--name).');
  const cnpj = onlyDigits(input.cnpj ?? '');
  if (!isValidCnpj(cnpj)) throw badRequest(`CNPJ inválido: ${input.cnpj ?? ''} (14 dígitos com dígitos verificadores).`);
  const exists = await db.query('SELECT id FROM stores WHERE cnpj = $1', [cnpj]);
  if (exists.length) throw badRequest(`Já existe uma loja com o CNPJ ${cnpj}.`);
  const storeId = randomUUID();
  await db.query('INSERT INTO stores(id, name, cnpj, address) VALUES ($1, $2, $3, $4)', [storeId, name, cnpj, input.address?.trim() ?? '']);
  return { storeId };
}

/** A caixa and its credential: the secret is returned here once and never stored. */
export async function createTill(db: Db, input: { storeId: string; name: string }): Promise<{ tillId: string; secret: string }> {
  const name = input.name?.trim();
  if (!name) throw badRequest('Informe o nome do caixa (--name).');
  await requireStore(db, input.storeId);
  const tillId = randomUUID();
  const secret = newTillSecret();
  await db.query('INSERT INTO tills(id, store_id, name, signing_key) VALUES ($1, $2, $3, $4)', [tillId, input.storeId, name, await deriveSigningKey(secret)]);
  return { tillId, secret };
}

/** A new secret for a caixa (the old one stops working at once). */
export async function rotateTillSecret(db: Db, tillId: string): Promise<{ tillId: string; secret: string }> {
  const secret = newTillSecret();
  const rows = await db.query('UPDATE tills SET signing_key = $2, revoked_at = NULL WHERE id = $1 RETURNING id', [tillId, await deriveSigningKey(secret)]);
  if (!rows.length) throw notFound(`Caixa ${tillId} não encontrado.`);
  return { tillId, secret };
}

export async function revokeTill(db: Db, tillId: string): Promise<{ tillId: string; revoked: true }> {
  const rows = await db.query('UPDATE tills SET revoked_at = now() WHERE id = $1 RETURNING id', [tillId]);
  if (!rows.length) throw notFound(`Caixa ${tillId} não encontrado.`);
  return { tillId, revoked: true };
}

export async function createUser(
  db: Db,
  input: { storeId: string; name: string; role: string; pin: string },
): Promise<{ userId: string }> {
  const name = input.name?.trim();
  if (!name) throw badRequest('Informe o nome do usuário (--name).');
  if (!ROLES.includes(input.role as TillRole)) throw badRequest(`Perfil inválido: ${input.role} (use caixa ou gerente).`);
  if (!PIN_RULE.test(input.pin ?? '')) throw badRequest('O PIN deve ter de 4 a 8 dígitos (só números).');
  // As the till (core/users/pin-policy.ts): a Gerente's PIN approves discounts and cancellations.
  if (input.role === 'gerente' && !/^\d{6,8}$/.test(input.pin)) throw badRequest('O PIN de um gerente tem de 6 a 8 dígitos (só números).');
  await requireStore(db, input.storeId);
  const { hash, salt } = await hashPin(input.pin);
  const userId = randomUUID();
  await db.transaction(async (tx) => {
    const dup = await tx.query('SELECT 1 FROM till_users WHERE store_id = $1 AND lower(name) = lower($2) AND active', [input.storeId, name]);
    if (dup.length) throw badRequest(`Já existe um usuário "${name}" nesta loja.`);
    const seq = await reserveChangeSeq(tx, input.storeId, 1);
    await tx.query(
      'INSERT INTO till_users(id, store_id, name, role, pin_hash, pin_salt, change_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [userId, input.storeId, name, input.role, hash, salt, seq],
    );
  });
  return { userId };
}

export async function createApiKey(
  db: Db,
  input: { name: string; scopes: string[]; storeIds?: string[] | null },
): Promise<{ key: string; id: string }> {
  const name = input.name?.trim();
  if (!name) throw badRequest('Informe o nome da chave (--name).');
  if (!input.scopes.length) throw badRequest(`Informe os escopos (--scopes), entre: ${SCOPES.join(', ')}.`);
  const bad = input.scopes.filter((s) => !SCOPES.includes(s as Scope));
  if (bad.length) throw badRequest(`Escopo desconhecido: ${bad.join(', ')} (válidos: ${SCOPES.join(', ')}).`);
  for (const s of input.storeIds ?? []) await requireStore(db, s);
  const { id, key, secretHash } = newApiKey();
  await db.query('INSERT INTO api_keys(id, name, secret_hash, scopes, store_ids) VALUES ($1, $2, $3, $4, $5)', [
    id,
    name,
    secretHash,
    input.scopes,
    input.storeIds?.length ? input.storeIds : null,
  ]);
  return { key, id };
}

function keyIdOf(keyOrId: string): string {
  const m = /^rtgk_([0-9a-f]{12})/.exec(keyOrId);
  return m ? m[1] : keyOrId;
}

export async function revokeApiKey(db: Db, keyOrId: string): Promise<{ id: string; revoked: true }> {
  const id = keyIdOf(keyOrId);
  const rows = await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id]);
  if (!rows.length) throw notFound(`Chave ${id} não encontrada (ou já revogada).`);
  return { id, revoked: true };
}

/** A new key with the same name, scopes and stores; the old one is revoked in the same transaction. */
export async function rotateApiKey(db: Db, keyOrId: string): Promise<{ key: string; id: string; revoked: string }> {
  const oldId = keyIdOf(keyOrId);
  const { id, key, secretHash } = newApiKey();
  await db.transaction(async (tx) => {
    const rows = await tx.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [oldId]);
    if (!rows.length) throw notFound(`Chave ${oldId} não encontrada (ou já revogada).`);
    await tx.query(
      'INSERT INTO api_keys(id, name, secret_hash, scopes, store_ids) SELECT $2, name, $3, scopes, store_ids FROM api_keys WHERE id = $1',
      [oldId, id, secretHash],
    );
  });
  return { key, id, revoked: oldId };
}

export async function listStores(db: Db): Promise<{ stores: { id: string; name: string; cnpj: string; tills: number }[] }> {
  const stores = await db.query<{ id: string; name: string; cnpj: string; tills: number }>(
    'SELECT s.id, s.name, s.cnpj, (SELECT count(*)::int FROM tills t WHERE t.store_id = s.id) AS tills FROM stores s ORDER BY s.created_at',
  );
  return { stores };
}
