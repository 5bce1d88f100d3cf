import { AppError } from '../kernel/errors';
import type { AuditRepo } from '../audit/repo';
import type { Db } from '../db/open';
import { hashPin, needsRehash, PIN_RULE, verifyPin } from './pin';
import { isShort } from './pin-policy';
import type { Row } from './types';

export const MAX_ATTEMPTS = 5;
export const LOCKOUT_MS = 60_000;

export interface PinChecksDeps {
  db: Db;
  audit: AuditRepo;
  now: () => Date;
  /** The users' snapshot must be read again (a PIN or its shortness changed). */
  invalidate: () => void;
}

/** PIN checks with the lockout, serialized per user and counted before the hash. */
export class PinChecks {
  private readonly q;
  /** PIN checks, one at a time per user: a guess queued behind a failing one sees its count and the lock. */
  private readonly pinQueues = new Map<number, Promise<unknown>>();

  constructor(private readonly deps: PinChecksDeps) {
    const db = deps.db;
    this.q = {
      byId: db.prepare<[number], Row>(`SELECT * FROM operators WHERE id = ?`),
      setPin: db.prepare(
        `UPDATE operators SET pin_hash = ?, pin_salt = ?, failed_attempts = 0, locked_until_ms = NULL, pin_short = ? WHERE id = ?`,
      ),
      setShort: db.prepare(`UPDATE operators SET pin_short = ? WHERE id = ?`),
      fail: db.prepare(`UPDATE operators SET failed_attempts = ?, locked_until_ms = ? WHERE id = ?`),
      clearFails: db.prepare(`UPDATE operators SET failed_attempts = 0, locked_until_ms = NULL WHERE id = ?`),
    };
  }

  private write() {
    this.deps.invalidate();
    return this.q;
  }

  /**
   * Checks a user's PIN with the lockout (5 wrong → 60 s). Checks of one user run one at a time, and each
   * attempt is counted (committed) BEFORE the hash is computed: guesses sent at once are evaluated in turn,
   * the lock applies to those still queued, and a crash during the hash still counts the attempt.
   */
  verify(userId: number, pin: string): Promise<Row> {
    const previous = this.pinQueues.get(userId) ?? Promise.resolve();
    const next = previous.then(
      () => this.verifyNow(userId, pin),
      () => this.verifyNow(userId, pin),
    );
    const tail = next.catch(() => undefined);
    this.pinQueues.set(userId, tail);
    void tail.then(() => {
      if (this.pinQueues.get(userId) === tail) this.pinQueues.delete(userId);
    });
    return next;
  }

  private async verifyNow(userId: number, pin: string): Promise<Row> {
    const row = this.q.byId.get(userId);
    if (!row || !row.active || !row.pin_hash || !row.pin_salt) throw new AppError('users.notFound', 'Usuário não encontrado ou inativo.');
    const nowMs = this.deps.now().getTime();
    if (row.locked_until_ms !== null && row.locked_until_ms > nowMs) throw this.lockedOut(row.locked_until_ms - nowMs);
    // Counted first, as a failure; a right PIN clears it below.
    const attempt = (row.locked_until_ms !== null ? 0 : row.failed_attempts) + 1;
    this.write().fail.run(attempt, null, row.id);
    const ok = PIN_RULE.test(pin) && (await verifyPin(pin, row.pin_hash, row.pin_salt));
    if (ok) {
      this.write().clearFails.run(row.id);
      if (row.pin_short !== isShort(pin)) this.write().setShort.run(isShort(pin), row.id);
      await this.upgradeHash(row, pin);
      return row;
    }
    if (attempt >= MAX_ATTEMPTS) {
      this.deps.db.transaction(() => {
        this.write().fail.run(0, this.deps.now().getTime() + LOCKOUT_MS, row.id);
        this.deps.audit.append({ operator: { id: row.id, name: row.name }, action: 'usuarios.bloqueioPorTentativas' });
      })();
      throw this.lockedOut(LOCKOUT_MS);
    }
    const left = MAX_ATTEMPTS - attempt;
    throw new AppError('users.wrongPin', `PIN incorreto. ${left === 1 ? 'Resta 1 tentativa' : `Restam ${left} tentativas`} antes de aguardar 60 segundos.`);
  }

  /** A PIN kept under an older KDF cost is hashed again at the current cost once it was typed right. */
  private async upgradeHash(row: Row, pin: string): Promise<void> {
    if (!needsRehash(row.pin_hash!)) return;
    const { hash, salt } = await hashPin(pin);
    this.write().setPin.run(hash, salt, isShort(pin), row.id);
  }

  private lockedOut(ms: number): AppError {
    const s = Math.ceil(ms / 1000);
    return new AppError('users.lockedOut', `Muitas tentativas com PIN errado. Aguarde ${s} segundos e tente de novo.`, { retryInSeconds: s });
  }
}
