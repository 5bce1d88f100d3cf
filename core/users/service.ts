import {
  ACTION_LABEL,
  type Approval,
  type PermissionAction,
  type Role,
  type SessionUser,
  type UserRow,
  type UsersSettings,
  type UsersState,
} from '../../shared/api/users';
import { AppError } from '../app/errors';
import type { AuditRepo } from '../audit/repo';
import type { Db } from '../db/open';
import { can } from './permissions';
import { hashPin, hashPinSync, needsRehash, PIN_RULE, verifyPin } from './pin';
import { isShort, MANAGER_PIN_RULE, requirePinFor } from './pin-policy';

export const MAX_ATTEMPTS = 5;
export const LOCKOUT_MS = 60_000;
/** How long a one-shot approval waits for its action. */
export const GRANT_TTL_MS = 2 * 60_000;

const KEY_CURRENT = 'operator.current';
const KEY_ACTIVE = 'session.active';
const KEY_LOCKED = 'session.locked';
const KEY_AUTOLOCK = 'users.autoLockMinutes';
const KEY_DISCOUNT = 'users.discountLimitPercent';
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

interface Row {
  id: number;
  name: string;
  role: Role;
  active: number;
  pin_hash: string | null;
  pin_salt: string | null;
  failed_attempts: number;
  locked_until_ms: number | null;
  pin_short: number | null;
}

export interface Actor {
  id: number;
  name: string;
}

/** A Gerente's approval, bound to one action and its subject, consumed by one successful call. */
interface Grant {
  action: PermissionAction;
  /** Canonical JSON of what was approved (sale, line, amount, …). */
  key: string;
  approver: Actor;
  expiresMs: number;
}

/** Approval subjects compare by their fields, whatever the order they were written in. */
export function subjectKey(subject: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(subject).sort().map((k) => [k, subject[k] ?? null]));
}

/** Who did a gated action and who approved it (null: allowed alone). */
export interface Authorization {
  operator: Actor;
  approver: Actor | null;
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
  private grants: Grant[] = [];
  private elevation: Actor | null = null;
  /** PIN checks, one at a time per user: a guess queued behind a failing one sees its count and the lock. */
  private readonly pinQueues = new Map<number, Promise<unknown>>();
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
      settingsElevated: this.elevation !== null,
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
    this.w.fail.run(attempt, null, row.id);
    const ok = PIN_RULE.test(pin) && (await verifyPin(pin, row.pin_hash, row.pin_salt));
    if (ok) {
      this.w.clearFails.run(row.id);
      if (row.pin_short !== isShort(pin)) this.w.setShort.run(isShort(pin), row.id);
      await this.upgradeHash(row, pin);
      return row;
    }
    if (attempt >= MAX_ATTEMPTS) {
      this.deps.db.transaction(() => {
        this.w.fail.run(0, this.deps.now().getTime() + LOCKOUT_MS, row.id);
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
    this.w.setPin.run(hash, salt, isShort(pin), row.id);
  }

  private lockedOut(ms: number): AppError {
    const s = Math.ceil(ms / 1000);
    return new AppError('users.lockedOut', `Muitas tentativas com PIN errado. Aguarde ${s} segundos e tente de novo.`, { retryInSeconds: s });
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
    this.grants = [];
    this.elevation = null;
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
    this.grants = [];
    this.elevation = null;
    return this.state();
  }

  logout(): UsersState {
    const s = this.session();
    this.deps.db.transaction(() => {
      this.w.putSetting.run(KEY_ACTIVE, '0');
      this.w.putSetting.run(KEY_LOCKED, '0');
      if (s) this.deps.audit.append({ operator: s, action: 'sessao.saida' });
    })();
    this.grants = [];
    this.elevation = null;
    return this.state();
  }

  // ---- approvals -------------------------------------------------------------

  private async approver(managerId: number, pin: string): Promise<Actor> {
    const row = await this.verify(managerId, pin);
    if (row.role !== 'gerente') throw new AppError('users.notManager', `${row.name} não é gerente: escolha um gerente para aprovar.`);
    return { id: row.id, name: row.name };
  }

  /**
   * A Gerente's PIN approves `action` for `subject` (what the refused call named: sale, line, amount…):
   * one successful call with that same subject runs, within 2 minutes. "settings" lets an Operador into the
   * settings screens for this visit (until leaving them, locking or logging out); never into users.*.
   */
  async approve(action: PermissionAction, managerId: number, pin: string, subject?: Record<string, unknown>): Promise<{ approverName: string }> {
    this.activeSession();
    if (action !== 'settings' && !subject) {
      throw new AppError('users.approvalSubject', 'Aprovação sem o que aprovar: repita a ação e peça a aprovação pela tela que a pede.');
    }
    const approver = await this.approver(managerId, pin);
    if (action === 'settings') this.elevation = approver;
    else {
      const nowMs = this.deps.now().getTime();
      const key = subjectKey(subject!);
      this.grants = this.grants.filter((g) => g.expiresMs > nowMs && !(g.action === action && g.key === key));
      this.grants.push({ action, key, approver, expiresMs: nowMs + GRANT_TTL_MS });
      this.deps.audit.append({ operator: this.session()!, approver, action: 'aprovacao.concedida', details: { action, subject } });
    }
    return { approverName: approver.name };
  }

  dropElevation(): void {
    this.elevation = null;
  }

  /**
   * May the session do `action` on `subject` now? A Gerente may; an Operador needs an approval bound to this
   * very subject, which this consumes. `giveBack` returns it, with its ORIGINAL expiry, when the call then
   * failed (a failure never refreshes an approval).
   */
  authorizeBound(action: PermissionAction, subject: Record<string, unknown>, summary: string): { auth: Authorization; giveBack: () => void } {
    const operator = this.activeSession();
    if (can(operator.role, action)) return { auth: { operator, approver: null }, giveBack: () => {} };
    const nowMs = this.deps.now().getTime();
    const key = subjectKey(subject);
    const i = this.grants.findIndex((g) => g.action === action && g.key === key && g.expiresMs > nowMs);
    if (i < 0) {
      throw new AppError('auth.approvalRequired', `${ACTION_LABEL[action]}: precisa da aprovação de um gerente.`, { action, subject, summary });
    }
    const [g] = this.grants.splice(i, 1);
    return {
      auth: { operator, approver: g.approver },
      giveBack: () => {
        if (g.expiresMs > this.deps.now().getTime()) this.grants.push(g);
      },
    };
  }

  /** Settings: a Gerente, or an Operador with a "Configurações" approval for this visit. */
  authorizeSettings(): Authorization {
    const operator = this.activeSession();
    if (can(operator.role, 'settings')) return { operator, approver: null };
    if (this.elevation) return { operator, approver: this.elevation };
    throw new AppError('auth.approvalRequired', `${ACTION_LABEL.settings}: precisa da aprovação de um gerente.`, {
      action: 'settings',
      subject: {},
      summary: 'Entrar nas Configurações (vale até sair delas)',
    });
  }

  /** A Cancel with the Gerente's PIN typed in its own dialog (checked here, serialized with every PIN check). */
  async authorizeInline(inline: Approval): Promise<Authorization> {
    const operator = this.activeSession();
    return { operator, approver: await this.approver(inline.managerId, inline.pin) };
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

  // ---- management (Configurações > Usuários) -----------------------------------

  list(): UserRow[] {
    return this.q.all.all().map(toUserRow);
  }

  async create(name: string, role: Role, pin: string, by: Authorization): Promise<UserRow> {
    requirePinFor(role, pin);
    const { hash, salt } = await hashPin(pin);
    return this.deps.db.transaction(() => {
      if (this.q.byName.get(name)) throw new AppError('users.duplicate', `Já existe um usuário ativo chamado "${name}".`);
      const id = Number(this.w.insert.run(name, role, hash, salt, this.deps.now().toISOString(), isShort(pin)).lastInsertRowid);
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: 'usuarios.criar', details: { userId: id, name, role } });
      return toUserRow(this.q.byId.get(id)!);
    })();
  }

  setRole(id: number, role: Role, by: Authorization): UserRow {
    return this.deps.db.transaction(() => {
      const row = this.require(id);
      if (row.role === 'gerente' && role !== 'gerente') this.keepOneManager(id);
      this.w.setRole.run(role, id);
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: 'usuarios.perfil', details: { userId: id, name: row.name, from: row.role, to: role } });
      return toUserRow(this.q.byId.get(id)!);
    })();
  }

  async resetPin(id: number, pin: string, by: Authorization): Promise<UserRow> {
    requirePinFor(this.require(id).role, pin);
    const { hash, salt } = await hashPin(pin);
    return this.deps.db.transaction(() => {
      const row = this.require(id);
      this.w.setPin.run(hash, salt, isShort(pin), id);
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: 'usuarios.redefinirPin', details: { userId: id, name: row.name } });
      return toUserRow(this.q.byId.get(id)!);
    })();
  }

  setActive(id: number, active: boolean, by: Authorization): UserRow {
    return this.deps.db.transaction(() => {
      const row = this.require(id);
      if (!active && row.role === 'gerente') this.keepOneManager(id);
      if (!active && this.session()?.id === id) throw new AppError('users.selfDeactivate', 'Você não pode desativar o usuário que está no caixa.');
      if (active && this.q.byName.get(row.name)) throw new AppError('users.duplicate', `Já existe um usuário ativo chamado "${row.name}".`);
      this.w.setActive.run(active ? 1 : 0, id);
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: active ? 'usuarios.reativar' : 'usuarios.desativar', details: { userId: id, name: row.name } });
      return toUserRow(this.q.byId.get(id)!);
    })();
  }

  private require(id: number): Row {
    const row = this.q.byId.get(id);
    if (!row) throw new AppError('users.notFound', 'Usuário não encontrado.');
    return row;
  }

  private keepOneManager(exceptId: number): void {
    const others = this.q.all.all().filter((r) => r.id !== exceptId && r.active && r.role === 'gerente' && r.pin_hash);
    if (others.length === 0) throw new AppError('users.lastManager', 'É preciso manter ao menos um gerente ativo.');
  }
}

function toUserRow(r: Row): UserRow {
  return { id: r.id, name: r.name, role: r.role, active: r.active === 1, hasPin: r.pin_hash !== null };
}
