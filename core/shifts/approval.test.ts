import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../app/compose';
import { loadConfig } from '../app/config';
import { callCore, createTestCore, tempDir } from '../../test-support/fixtures';

let core: Core | null = null;
afterEach(() => {
  core?.close();
  core = null;
});

describe('closing the shift with a difference above the tolerance (users wired in compose)', () => {
  it('an Operador is refused with auth.approvalRequired; after a Gerente approves once it closes, and the audit names both', async () => {
    const dir = tempDir();
    core = await createTestCore({ dataDir: dir, config: loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_ADMIN_PIN: '123456' }) });
    const c = core;
    const call = <T,>(m: string, i: unknown = {}): Promise<T> => callCore<T>(c, m, i);
    const manager = (await call<{ users: { id: number; name: string }[] }>('users.state')).users.find((u) => u.name === 'Gerente')!;
    const op = await call<{ id: number }>('users.create', { name: 'Ana Caixa', role: 'caixa', pin: '1111' });
    await call('users.login', { userId: op.id, pin: '1111' });
    await call('shifts.open', { floatCents: 20_00 });
    const info = await call<{ approvalAvailable: boolean }>('shifts.closingInfo');
    expect(info.approvalAvailable).toBe(false); // no PIN field on the closing screen: the approval overlay asks
    const counted = [{ formCode: 1, countedCents: 10_00 }];
    const refusal = await c.dispatch('shifts.close', { counted });
    expect(refusal).toMatchObject({ ok: false, error: { code: 'auth.approvalRequired', details: { action: 'shift.closeDifference' } } });
    // The approval is for THIS difference: the overlay shows it and passes it back.
    const { subject, summary } = (refusal as { error: { details: { subject: Record<string, unknown>; summary: string } } }).error.details;
    expect(summary).toMatch(/diferença de -R\$\s10,00/);
    await call('users.approve', { action: 'shift.closeDifference', managerId: manager.id, pin: '123456', subject: { ...subject, differenceCents: -5_00 } });
    await expect(call('shifts.close', { counted })).rejects.toMatchObject({ code: 'auth.approvalRequired' });
    await call('users.approve', { action: 'shift.closeDifference', managerId: manager.id, pin: '123456', subject });
    const closed = await call<{ approvedBy: string; differenceCents: number }>('shifts.close', { counted });
    expect(closed).toMatchObject({ differenceCents: -10_00, approvedBy: 'Gerente' });
    const audit = c.db.prepare(`SELECT operator_name, approver_name FROM audit_log WHERE action = 'caixa.fecharComDiferenca'`).all();
    expect(audit).toEqual([{ operator_name: 'Ana Caixa', approver_name: 'Gerente' }]);
  });
});
