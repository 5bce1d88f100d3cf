import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../app/config';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { OPERADOR_PIN, GERENTE_PIN, startUsersKit, type UsersKit } from '../../test-support/users-kit';

let k: UsersKit;
afterEach(() => k?.core.close());
const start = async () => (k = await startUsersKit());

describe('PIN checks cannot be raced', () => {
  it('60 guesses at once, the right one last: at most 5 evaluated, none succeeds, the Gerente is locked', async () => {
    await start();
    const { call, fail, dispatch, gerenteId, addOperator, core } = k;
    const ana = await addOperator();
    await call('users.login', { userId: ana, pin: OPERADOR_PIN });
    const guesses = Array.from({ length: 60 }, (_, i) => (i === 59 ? GERENTE_PIN : String(1000 + i)));
    const results = await Promise.all(guesses.map((pin) => dispatch('users.approve', { action: 'settings', managerId: gerenteId(), pin })));
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'ok')).toEqual([]);
    expect(codes.filter((c) => c === 'users.wrongPin').length).toBe(4);
    expect(codes.filter((c) => c === 'users.lockedOut').length).toBe(56);
    const row = core.db.prepare(`SELECT locked_until_ms FROM operators WHERE id = ?`).get(gerenteId()) as { locked_until_ms: number | null };
    expect(row.locked_until_ms).toBeGreaterThan(k.clock.now.getTime());
    // Logging in is the same path: still locked.
    expect((await fail('users.login', { userId: gerenteId(), pin: GERENTE_PIN })).code).toBe('users.lockedOut');
  });
});

describe('PIN policy', () => {
  it('a Gerente\'s PIN has 6 to 8 digits; a Gerente with a 4-digit PIN changes it at the next login, before anything else', async () => {
    await start();
    const { call, fail, gerenteId, addOperator, core } = k;
    const ana = await addOperator();
    expect((await fail('users.create', { name: 'Novo Gerente', role: 'gerente', pin: '1234' })).code).toBe('users.managerPinShort');
    expect((await fail('users.resetPin', { id: gerenteId(), pin: '1234' })).code).toBe('users.managerPinShort');
    // An Operador with a 4-digit PIN made Gerente: asked to change it at the next login.
    await call('users.setRole', { id: ana, role: 'gerente' });
    const s = await call<{ mustChangePin: boolean }>('users.login', { userId: ana, pin: OPERADOR_PIN });
    expect(s.mustChangePin).toBe(true);
    expect((await fail('sales.scan', { text: '1' })).code).toBe('auth.pinChangeRequired');
    expect((await fail('users.changeOwnPin', { currentPin: '9999', pin: '765432', pinConfirm: '765432' })).code).toBe('users.wrongPin');
    expect((await fail('users.changeOwnPin', { currentPin: OPERADOR_PIN, pin: '7654', pinConfirm: '7654' })).code).toBe('users.managerPinShort');
    const after = await call<{ mustChangePin: boolean }>('users.changeOwnPin', { currentPin: OPERADOR_PIN, pin: '765432', pinConfirm: '765432' });
    expect(after.mustChangePin).toBe(false);
    expect((await call('sales.scan', { text: '1' })).lines.length).toBe(1);
    expect(core.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'usuarios.trocarPin'`).get()).toEqual({ n: 1 });
  });

  it('BALCAO_ADMIN_PIN must be a Gerente PIN (6 to 8 digits)', async () => {
    const dir = tempDir();
    await expect(createTestCore({ dataDir: dir, config: { ...loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0' }), adminPin: '1234' } })).rejects.toThrow(/6 a 8 dígitos/);
  });
});

