import type { Role, SessionUser, UsersSettings, UsersState } from '../../shared/api/users';
import { AppError } from '../kernel/errors';
import type { AuditRepo } from '../audit/repo';
import type { Db } from '../db/open';
import { UsersAdmin } from './admin';
import type { Actor, Authorization, Row } from './types';
export type { Actor, Authorization, Row } from './types';
import { PinChecks } from './pin-checks';
import { Approvals } from './approvals';
import { hashPin, hashPinSync } from './pin';
import { isShort, MANAGER_PIN_RULE, requirePinFor } from './pin-policy';

const KEY_CURRENT = 'operator.current';
const KEY_ACTIVE = 'session.active';
const KEY_LOCKED = 'session.locked';
const KEY_AUTOLOCK = 'users.autoLockMinutes';
export const KEY_DISCOUNT = 'users.discountLimitPercent';
const DEFAULTS: UsersSettings = { autoLockMinutes: 5, discountLimitPercent: 10 };

interface Snapshot {
  version: number;
  provisioned: boolean;
  session: SessionUser | null;
  /** The session is a Gerente whose PIN has fewer than 6 digits: nothing else until it is changed. */
  mustChangePin: boolean;
  locked: boolean;
  settings: UsersSettings;
}

export interface UsersDeps {
  db: Db;
  audit: AuditRepo;
  now: () => Date;
}

/**
 * Users, the till's session (one operator at a time, kept in `settings` so a
 * reload or restart keeps it), PIN checks with lockout, and one-shot Gerente
 * approvals. Before any Gerente has a PIN (a database not set up yet) nothing
 * is gated: there is nobody who could approve.
 */
export class UsersService {
  private readonly q;
  private snap: Snapshot | null = null;
  /** One-shot approvals bound to their subject, and the "Configurações" visit (core/users/approvals.ts). */
  readonly approvals: Approvals;
  /** Configurações > "Usuários" (core/users/admin.ts). */
  readonly admin: UsersAdmin;
  private readonly pins: PinChecks;
  /** Last admitted call of the session (the core's auto-lock; the screen has its own idle timer too). */
  private lastActivityMs: number | null = null;

  constructor(private readonly deps: UsersDeps) {
    const db = deps.db;
    this.q = {
      byId: db.prepare<[number], Row>(`SELECT * FROM operators WHERE id = ?`),
      all: db.prepare<[], Row>(`SELECT * FROM operators ORDER BY active DESC, name COLLATE NOCASE`),
      loginable: db.prepare<[], Row>(`SELECT * FROM operators WHERE active = 1 AND pin_hash IS NOT NULL ORDER BY name COLLATE NOCASE`),
      managersWithPin: db.prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM operators WHERE active = 1 AND role = 'gerente' AND pin_hash IS NOT NULL`,
      ),
      byName: db.prepare<[string], Row>(`SELECT * FROM operators WHERE active = 1 AND name = ? COLLATE NOCASE`),
      insert: db.prepare(
        `INSERT INTO operators (name, role, active, pin_hash, pin_salt, created_at, pin_short) VALUES (?, ?, 1, ?, ?, ?, ?)`,
      ),
      setPin: db.prepare(
        `UPDATE operators SET pin_hash = ?, pin_salt = ?, failed_attempts = 0, locked_until_ms = NULL, pin_short = ? WHERE id = ?`,
      ),
      setShort: db.prepare(`UPDATE operators SET pin_short = ? WHERE id = ?`),
      setRole: db.prepare(`UPDATE operators SET role = ? WHERE id = ?`),
      setActive: db.prepare(`UPDATE operators SET active = ? WHERE id = ?`),
      fail: db.prepare(`UPDATE operators SET failed_attempts = ?, locked_until_ms = ? WHERE id = ?`),
      clearFails: db.prepare(`UPDATE operators SET failed_attempts = 0, locked_until_ms = NULL WHERE id = ?`),
      getSetting: db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
      dataVersion: db.prepare<[], number>(`PRAGMA data_version`).pluck(),
      putSetting: db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      openSale: db.prepare<[], { id: string; operator_id: number; operator_name: string; lines: number }>(
        `SELECT s.id, s.operator_id, s.operator_name, (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.id) AS lines
         FROM sales s WHERE s.status = 'aberta'`,
      ),
      setSaleOperator: db.prepare(`UPDATE sales SET operator_id = ?, operator_name = ? WHERE id = ?`),
    };
    this.pins = new PinChecks({ db, audit: deps.audit, now: deps.now, invalidate: () => this.invalidate() });
    this.admin = new UsersAdmin({
      db,
      audit: deps.audit,
      now: deps.now,
      sessionId: () => this.session()?.id ?? null,
      invalidate: () => this.invalidate(),
    });
    this.approvals = new Approvals({
      now: deps.now,
      audit: deps.audit,
      session: () => this.activeSession(),
      manager: (id, pin) => this.manager(id, pin),
    });
    // A restart starts locked: whoever was at the till types their PIN again (the open sale stays).
    if (this.q.getSetting.get(KEY_ACTIVE)?.value === '1' && !this.locked()) this.w.putSetting.run(KEY_LOCKED, '1');
  }

  // ---- state ---------------------------------------------------------------

  /**
   * The statements that write users or the session: reached through here, so the snapshot every call's access
   * check reads is dropped first (this service owns those rows; another writer calls `invalidate()`).
   */
  private get w() {
    this.snap = null;
    return this.q;
  }

  /** Another writer changed operators or the session settings on this connection. */
  invalidate(): void {
    this.snap = null;
  }

  /**
   * What every admitted call asks (set up? who? locked? auto-lock?), read once and kept until a write by this
   * service or a commit by another connection (PRAGMA data_version); never cached inside a transaction, which
   * may still roll back. Measured by `npm run bench -- --only acesso`.
   */
  private snapshot(): Snapshot {
    const version = this.q.dataVersion.get()!;
    if (this.snap && this.snap.version === version) return this.snap;
    const num = (key: string, d: number) => {
      const v = this.q.getSetting.get(key)?.value;
      const n = v === undefined ? NaN : Number(v);
      return Number.isFinite(n) ? n : d;
    };
    let session: SessionUser | null = null;
    let mustChangePin = false;
    if (this.q.getSetting.get(KEY_ACTIVE)?.value === '1') {
      const id = Number(this.q.getSetting.get(KEY_CURRENT)?.value);
      const row = Number.isInteger(id) ? this.q.byId.get(id) : undefined;
      if (row && row.active) {
        session = { id: row.id, name: row.name, role: row.role };
        mustChangePin = row.role === 'gerente' && row.pin_short === 1;
      }
    }
    const snap: Snapshot = {
      version,
      provisioned: this.q.managersWithPin.get()!.n > 0,
      session,
      mustChangePin,
      locked: this.q.getSetting.get(KEY_LOCKED)?.value === '1',
      settings: {
        autoLockMinutes: num(KEY_AUTOLOCK, DEFAULTS.autoLockMinutes),
        discountLimitPercent: num(KEY_DISCOUNT, DEFAULTS.discountLimitPercent),
      },
    };
    if (!this.deps.db.inTransaction) this.snap = snap;
    return snap;
  }

  /** Some Gerente can log in: from now on gated actions need one. */
  provisioned(): boolean {
    return this.snapshot().provisioned;
  }

  settings(): UsersSettings {
    return { ...this.snapshot().settings };
  }

  saveSettings(s: UsersSettings, by: Authorization): UsersSettings {
    this.deps.db.transaction(() => {
      this.w.putSetting.run(KEY_AUTOLOCK, String(s.autoLockMinutes));
      this.w.putSetting.run(KEY_DISCOUNT, String(s.discountLimitPercent));
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: 'usuarios.configuracoes', details: s });
    })();
    return this.settings();
  }

  /** The logged-in user (even while locked), or null. */
  session(): SessionUser | null {
    const s = this.snapshot().session;
    return s ? { ...s } : null;
  }

  locked(): boolean {
    return this.snapshot().locked;
  }

  state(): UsersState {
    const session = this.session();
    return {
      needsFirstAccess: !this.provisioned(),
      session,
      locked: session !== null && this.locked(),
      mustChangePin: session !== null && this.snapshot().mustChangePin,
      settingsElevated: this.approvals.elevated(),
      users: this.q.loginable.all().map((r) => ({ id: r.id, name: r.name, role: r.role })),
      settings: this.settings(),
    };
  }

  // ---- provisioning and login ---------------------------------------------

  /** BALCAO_ADMIN_PIN: a fresh database gets the Gerente "Gerente" with this PIN (no "Primeiro acesso"). */
  provisionAdmin(pin: string | null): void {
    if (!pin || this.provisioned()) return;
    if (!MANAGER_PIN_RULE.test(pin)) throw new Error('BALCAO_ADMIN_PIN (PIN do gerente) deve ter de 6 a 8 dígitos.');
    const { hash, salt } = hashPinSync(pin);
    this.deps.db.transaction(() => {
      const existing = this.q.byName.get('Gerente');
      if (existing) {
        this.w.setPin.run(hash, salt, 0, existing.id);
        this.w.setRole.run('gerente', existing.id);
      } else {
        this.w.insert.run('Gerente', 'gerente', hash, salt, this.deps.now().toISOString(), 0);
      }
    })();
  }

  async firstAccess(name: string, pin: string, pinConfirm: string): Promise<UsersState> {
    if (this.provisioned()) throw new AppError('users.alreadySetUp', 'O primeiro acesso já foi feito. Entre com seu usuário e PIN.');
    if (pin !== pinConfirm) throw new AppError('users.pinMismatch', 'Os dois PINs não são iguais. Digite o mesmo PIN duas vezes.');
    requirePinFor('gerente', pin);
    const { hash, salt } = await hashPin(pin);
    this.deps.db.transaction(() => {
      if (this.provisioned()) throw new AppError('users.alreadySetUp', 'O primeiro acesso já foi feito.');
      const existing = this.q.byName.get(name);
      let id: number;
      if (existing) {
        id = existing.id;
        this.w.setPin.run(hash, salt, 0, id);
        this.w.setRole.run('gerente', id);
      } else {
        id = Number(this.w.insert.run(name, 'gerente', hash, salt, this.deps.now().toISOString(), 0).lastInsertRowid);
      }
      const user = { id, name };
      this.deps.audit.append({ operator: user, action: 'usuarios.primeiroAcesso', details: { userId: id } });
      this.startSession(user);
    })();
    return this.state();
  }

  /** A user's PIN checked with the lockout, one check at a time per user (core/users/pin-checks.ts). */
  verify(userId: number, pin: string): Promise<Row> {
    return this.pins.verify(userId, pin);
  }

  async login(userId: number, pin: string): Promise<UsersState> {
    const row = await this.verify(userId, pin);
    this.deps.db.transaction(() => this.startSession({ id: row.id, name: row.name }))();
    return this.state();
  }

  /** Inside a transaction: the session becomes `user`; the open sale follows it (a takeover with items is audited). */
  private startSession(user: Actor): void {
    const previous = this.session();
    this.w.putSetting.run(KEY_CURRENT, String(user.id));
    this.w.putSetting.run(KEY_ACTIVE, '1');
    this.w.putSetting.run(KEY_LOCKED, '0');
    this.approvals.clear();
    this.lastActivityMs = this.deps.now().getTime();
    const open = this.q.openSale.get();
    if (open && open.operator_id !== user.id) {
      this.q.setSaleOperator.run(user.id, user.name, open.id);
      if (open.lines > 0) {
        this.deps.audit.append({
          operator: user,
          action: 'sessao.troca',
          saleId: open.id,
          details: { from: { id: open.operator_id, name: open.operator_name }, to: user },
        });
      }
    }
    this.deps.audit.append({ operator: user, action: 'sessao.entrada', details: previous ? { previous: previous.name } : undefined });
  }

  /**
   * "Trocar PIN": the logged-in user changes their own PIN, typing the current one (checked like any PIN, with
   * the lockout). The way out for a Gerente whose PIN is too short; audited.
   */
  async changeOwnPin(currentPin: string, pin: string, pinConfirm: string): Promise<UsersState> {
    const s = this.requireSession();
    if (pin !== pinConfirm) throw new AppError('users.pinMismatch', 'Os dois PINs novos não são iguais. Digite o mesmo PIN duas vezes.');
    requirePinFor(s.role, pin);
    await this.verify(s.id, currentPin);
    const { hash, salt } = await hashPin(pin);
    this.deps.db.transaction(() => {
      this.w.setPin.run(hash, salt, isShort(pin), s.id);
      this.deps.audit.append({ operator: s, action: 'usuarios.trocarPin', details: { userId: s.id } });
    })();
    return this.state();
  }

  lock(): UsersState {
    if (this.session()) this.w.putSetting.run(KEY_LOCKED, '1');
    this.lastActivityMs = null;
    this.approvals.clear();
    return this.state();
  }

  logout(): UsersState {
    const s = this.session();
    this.deps.db.transaction(() => {
      this.w.putSetting.run(KEY_ACTIVE, '0');
      this.w.putSetting.run(KEY_LOCKED, '0');
      if (s) this.deps.audit.append({ operator: s, action: 'sessao.saida' });
    })();
    this.approvals.clear();
    return this.state();
  }

  // ---- approvals (core/users/approvals.ts) ------------------------------------

  /** A Gerente's PIN (checked like any PIN, with the lockout): who approves. */
  async manager(managerId: number, pin: string): Promise<Actor> {
    const row = await this.verify(managerId, pin);
    if (row.role !== 'gerente') throw new AppError('users.notManager', `${row.name} não é gerente: escolha um gerente para aprovar.`);
    return { id: row.id, name: row.name };
  }

  /** Users, PINs and roles: only a Gerente's own session (an approval never reaches them). */
  requireManagerSession(): SessionUser {
    const s = this.activeSession();
    if (s.role !== 'gerente') throw new AppError('auth.managerRequired', 'Só um gerente, entrando com o próprio PIN, pode fazer isto.');
    return s;
  }

  /**
   * The session every non-public call needs: set up (a Gerente exists), logged in, not locked, and not idle
   * past the auto-lock (the core locks the till itself, whatever the screen does).
   */
  activeSession(): SessionUser {
    const snap = this.snapshot();
    if (!snap.provisioned) throw new AppError('auth.loginRequired', 'Faça o primeiro acesso: cadastre o gerente.');
    const s = snap.session;
    if (!s) throw new AppError('auth.loginRequired', 'Entre com seu usuário e PIN.');
    if (snap.locked) throw new AppError('auth.locked', 'O caixa está bloqueado: entre com seu PIN.');
    if (snap.mustChangePin) throw new AppError('auth.pinChangeRequired', 'Troque seu PIN antes de continuar: o PIN de um gerente tem de 6 a 8 dígitos.');
    const nowMs = this.deps.now().getTime();
    const minutes = snap.settings.autoLockMinutes;
    if (minutes > 0 && this.lastActivityMs !== null && nowMs - this.lastActivityMs > minutes * 60_000) {
      this.lock();
      throw new AppError('auth.locked', 'O caixa foi bloqueado por inatividade: entre com seu PIN.');
    }
    this.lastActivityMs = nowMs;
    return s;
  }

  /** The logged-in, unlocked user; refuses otherwise. */
  requireSession(): SessionUser {
    const s = this.session();
    if (!s) throw new AppError('auth.loginRequired', 'Entre com seu usuário e PIN.');
    if (this.locked()) throw new AppError('auth.locked', 'O caixa está bloqueado: entre com seu PIN.');
    return s;
  }
}
