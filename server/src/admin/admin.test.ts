import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPin } from '../../../core/users/pin';
import type { Db } from '../db/db';
import { listMigrations, migrate } from '../db/migrate';
import { engineKit, ENGINES, type EngineKit } from '../testing/harness';
import type { ServerConfig } from '../config';
import * as admin from './service';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

describe.each(ENGINES)('admin on %s', (engine) => {
  let kit: EngineKit;
  let config: ServerConfig;
  let db: Db;

  beforeAll(async () => {
    kit = await engineKit(engine);
    config = await kit.freshConfig();
    db = await kit.open(config);
    await migrate(db);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    kit?.dispose();
  });

  it('migrations are recorded once; running them again applies nothing', async () => {
    expect((await migrate(db)).applied).toEqual([]);
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(rows.map((r) => r.version).sort((a, b) => a - b)).toEqual(listMigrations().map((m) => m.version));
  });

  it('refuses a database newer than the code', async () => {
    await db.query("INSERT INTO schema_migrations(version, name) VALUES (999, 'futuro')");
    await expect(migrate(db)).rejects.toThrow(/mais nova que este programa/);
    await db.query('DELETE FROM schema_migrations WHERE version = 999');
  });

  it('store: valid CNPJ only, one store per CNPJ', async () => {
    await expect(admin.createStore(db, { name: 'X', cnpj: '54517628001594' })).rejects.toThrow('CNPJ inválido');
    await expect(admin.createStore(db, { name: '', cnpj: '54517628001593' })).rejects.toThrow('nome da loja');
    const { storeId } = await admin.createStore(db, { name: 'Loja Centro', cnpj: '54.517.628/0015-93' });
    expect(storeId).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await db.query<{ cnpj: string }>('SELECT cnpj FROM stores WHERE id = $1', [storeId]);
    expect(row.cnpj).toBe('54517628001593');
    await expect(admin.createStore(db, { name: 'Outra', cnpj: '54517628001593' })).rejects.toThrow('Já existe');
  });

  it('till: the secret is returned once and only a derived key is stored', async () => {
    const { storeId } = await admin.createStore(db, { name: 'Loja Till', cnpj: '11222333000181' });
    const { tillId, secret } = await admin.createTill(db, { storeId, name: 'Caixa 1' });
    const [row] = await db.query<{ signing_key: string }>('SELECT signing_key FROM tills WHERE id = $1', [tillId]);
    expect(row.signing_key).not.toContain(secret);
    expect(JSON.stringify(await db.query('SELECT * FROM tills'))).not.toContain(secret);
    const rotated = await admin.rotateTillSecret(db, tillId);
    expect(rotated.secret).not.toBe(secret);
    await expect(admin.createTill(db, { storeId: '00000000-0000-0000-0000-000000000000', name: 'C' })).rejects.toThrow('não encontrada');
  });

  it('user: the PIN hash is in the till format (core/users/pin verifies it) and takes a change cursor', async () => {
    const { storeId } = await admin.createStore(db, { name: 'Loja Users', cnpj: '11444777000161' });
    await expect(admin.createUser(db, { storeId, name: 'G', role: 'dono', pin: '1234' })).rejects.toThrow('Perfil inválido');
    await expect(admin.createUser(db, { storeId, name: 'G', role: 'gerente', pin: '12' })).rejects.toThrow('PIN');
    await expect(admin.createUser(db, { storeId, name: 'G', role: 'gerente', pin: '1234' })).rejects.toThrow('O PIN de um gerente tem de 6 a 8 dígitos');
    const { userId } = await admin.createUser(db, { storeId, name: 'Gerente', role: 'gerente', pin: '258025' });
    const [u] = await db.query<{ pin_hash: string; pin_salt: string; change_seq: number }>(
      'SELECT pin_hash, pin_salt, change_seq FROM till_users WHERE id = $1',
      [userId],
    );
    expect(await verifyPin('258025', u.pin_hash, u.pin_salt)).toBe(true);
    expect(await verifyPin('258026', u.pin_hash, u.pin_salt)).toBe(false);
    expect(u.change_seq).toBe(1);
    await admin.createUser(db, { storeId, name: 'Ana', role: 'caixa', pin: '1111' });
    const seqs = await db.query<{ change_seq: number }>('SELECT change_seq FROM till_users WHERE store_id = $1 ORDER BY change_seq', [storeId]);
    expect(seqs.map((r) => r.change_seq)).toEqual([1, 2]);
    await expect(admin.createUser(db, { storeId, name: 'gerente', role: 'caixa', pin: '1111' })).rejects.toThrow('Já existe');
  });

  it('api keys: scopes checked, revoke and rotate', async () => {
    await expect(admin.createApiKey(db, { name: 'erp', scopes: ['sales:write'] })).rejects.toThrow('Escopo desconhecido');
    const { key, id } = await admin.createApiKey(db, { name: 'erp', scopes: ['sales:read', 'products:write'] });
    expect(key.startsWith(`rtgk_${id}_`)).toBe(true);
    const rotated = await admin.rotateApiKey(db, key);
    expect(rotated.revoked).toBe(id);
    const rows = await db.query<{ id: string; revoked_at: Date | null; scopes: string[] }>('SELECT id, revoked_at, scopes FROM api_keys ORDER BY created_at');
    expect(rows.find((r) => r.id === id)?.revoked_at).not.toBeNull();
    expect(rows.find((r) => r.id === rotated.id)?.scopes).toEqual(['sales:read', 'products:write']);
    await admin.revokeApiKey(db, rotated.id);
    await expect(admin.revokeApiKey(db, rotated.id)).rejects.toThrow('já revogada');
  });

  it('server: GET /v1/health answers without auth; unknown routes are 404', async () => {
    const cfg = await kit.freshConfig();
    const server = await kit.start(cfg);
    try {
      const res = await fetch(`${server.url}/v1/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, service: 'retaguarda-balcao', database: engine });
      const missing = await fetch(`${server.url}/v1/nada`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('Rota não encontrada.');
    } finally {
      await server.close();
    }
  });

  it('CLI on the same code: store:create, till:create, user:create, apikey:create print one JSON object', async () => {
    const cfg = await kit.freshConfig();
    const env = { ...process.env, RETAGUARDA_DATA_DIR: cfg.dataDir, DATABASE_URL: cfg.databaseUrl ?? '' };
    const cli = async (...args: string[]) => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts'), ...args], { env, cwd: root });
      return JSON.parse(stdout.trim());
    };
    const { storeId } = await cli('store:create', '--name', 'Loja Centro', '--cnpj', '54517628001593');
    const till = await cli('till:create', '--store', storeId, '--name', 'Caixa 1');
    expect(Object.keys(till).sort()).toEqual(['secret', 'tillId']);
    expect(await cli('user:create', '--store', storeId, '--name', 'Gerente', '--role', 'gerente', '--pin', '258025')).toHaveProperty('userId');
    expect((await cli('apikey:create', '--name', 'erp', '--scopes', 'sales:read,products:write')).key).toMatch(/^rtgk_/);
    const bad = await run(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts'), 'store:create', '--name', 'X', '--cnpj', '1'], { env, cwd: root }).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('CNPJ inválido');
  }, 240_000); // an upper bound only: five processes each opening PGlite (seconds each on a busy machine)
});
