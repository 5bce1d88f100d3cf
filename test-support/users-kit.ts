/**
 * A till core with the Gerente "Gerente" (PIN 432100) and a virtual clock, and the calls a users/access test
 * makes through the real dispatcher (core/users/*.test.ts).
 */
import type { Sale } from '../shared/api/sales';
import { loadConfig } from '../core/app/config';
import { createTestCore, tempDir } from './fixtures';

export type TestCore = Awaited<ReturnType<typeof createTestCore>>;

export const GERENTE_PIN = '432100';
export const OPERADOR_PIN = '1111';

export interface UsersKit {
  core: TestCore;
  clock: { now: Date };
  dispatch(method: string, input?: unknown): ReturnType<TestCore['dispatch']>;
  call<T = Sale>(method: string, input?: unknown): Promise<T>;
  fail(method: string, input?: unknown): Promise<{ code: string; message: string; details?: unknown }>;
  gerenteId(): number;
  /** Logs the Gerente in and creates an Operador (PIN 1111); returns its id. */
  addOperator(name?: string): Promise<number>;
}

export async function startUsersKit(dataDir = tempDir()): Promise<UsersKit> {
  const clock = { now: new Date('2026-12-07T10:00:00Z') };
  const core = await createTestCore({
    dataDir,
    now: () => clock.now,
    log: () => {},
    config: { ...loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0' }), adminPin: GERENTE_PIN },
  });
  const dispatch = (method: string, input: unknown = {}) => core.dispatch(method, input);
  const call = async <T = Sale,>(method: string, input: unknown = {}): Promise<T> => {
    const r = await dispatch(method, input);
    if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
    return r.value as T;
  };
  const fail = async (method: string, input: unknown = {}) => {
    const r = await dispatch(method, input);
    if (r.ok) throw new Error(`${method} should have been refused`);
    return r.error;
  };
  const gerenteId = () => (core.db.prepare(`SELECT id FROM operators WHERE name = 'Gerente'`).get() as { id: number }).id;
  const addOperator = async (name = 'Ana Caixa') => {
    await call('users.login', { userId: gerenteId(), pin: GERENTE_PIN });
    return (await call<{ id: number }>('users.create', { name, role: 'caixa', pin: OPERADOR_PIN })).id;
  };
  return { core, clock, dispatch, call, fail, gerenteId, addOperator };
}
