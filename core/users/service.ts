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
import { hashPin, hashPinSync, PIN_RULE, verifyPin } from './pin';

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

interface Row {
  id: number;
  name: string;
  role: Role;
  active: number;
  pin_hash: string | null;
  pin_salt: string | null;
  failed_attempts: number;
  locked_until_ms: number | null;
}

export interface Actor {
  id: number;
  name: string;
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
  private grants: { action: PermissionAction; approver: Actor; expiresMs: number }[] = [];
  private elevation: Actor | null = null;

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
        `INSERT INTO operators (name, role, active, pin_hash, pin_salt, created_at) VALUES (?, ?, 1, ?, ?, ?)`,
      ),
      setPin: db.prepare(`UPDATE operators SET pin_hash = ?, pin_salt = ?, failed_attempts = 0, locked_until_ms = NULL WHERE id = ?`),
      setRole: db.prepare(`UPDATE operators SET role = ? WHERE id = ?`),
      setActive: db.prepare(`UPDATE operators SET active = ? WHERE id = ?`),
      fail: db.prepare(`UPDATE operators SET failed_attempts = ?, locked_until_ms = ? WHERE id = ?`),
      clearFails: db.prepare(`UPDATE operators SET failed_attempts = 0, locked_until_ms = NULL WHERE id = ?`),
      getSetting: db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
      putSetting: db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      openSale: db.prepare<[], { id: string; operator_id: number; operator_name: string; lines: number }>(
        `SELECT s.id, s.operator_id, s.operator_name, (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.id) AS lines
         FROM sales s WHERE s.status = 'aberta'`,
      ),
      setSaleOperator: db.prepare(`UPDATE sales SET operator_id = ?, operator_name = ? WHERE id = ?`),
    };
  }

  // ---- state ---------------------------------------------------------------

  /** Some Gerente can log in: from now on gated actions need one. */
  provisioned(): boolean {
    return this.q.managersWithPin.get()!.n > 0;
  }

  settings(): UsersSettings {
    const num = (key: string, d: number) => {
      const v = this.q.getSetting.get(key)?.value;
      const n = v === undefined ? NaN : Number(v);
      return Number.isFinite(n) ? n : d;
    };
    return {
      autoLockMinutes: num(KEY_AUTOLOCK, DEFAULTS.autoLockMinutes),
      discountLimitPercent: num(KEY_DISCOUNT, DEFAULTS.discountLimitPercent),
    };
  }

  saveSettings(s: UsersSettings, by: Authorization): UsersSettings {
    this.deps.db.transaction(() => {
      this.q.putSetting.run(KEY_AUTOLOCK, String(s.autoLockMinutes));
      this.q.putSetting.run(KEY_DISCOUNT, String(s.discountLimitPercent));
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: 'usuarios.configuracoes', details: s });
    })();
    return this.settings();
  }

  /** The logged-in user (even while locked), or null. */
  session(): SessionUser | null {
    if (this.q.getSetting.get(KEY_ACTIVE)?.value !== '1') return null;
    const id = Number(this.q.getSetting.get(KEY_CURRENT)?.value);
    const row = Number.isInteger(id) ? this.q.byId.get(id) : undefined;
    if (!row || !row.active) return null;
    return { id: row.id, name: row.name, role: row.role };
  }

  locked(): boolean {
    return this.q.getSetting.get(KEY_LOCKED)?.value === '1';
  }

  state(): UsersState {
    const session = this.session();
    return {
      needsFirstAccess: !this.provisioned(),
      session,
      locked: session !== null && this.locked(),
      settingsElevated: this.elevation !== null,
      users: this.q.loginable.all().map((r) => ({ id: r.id, name: r.name, role: r.role })),
      settings: this.settings(),
    };
  }

  // ---- provisioning and login ---------------------------------------------

  /** BALCAO_ADMIN_PIN: a fresh database gets the Gerente "Gerente" with this PIN (no "Primeiro acesso"). */
  provisionAdmin(pin: string | null): void {
    if (!pin || this.provisioned()) return;
    if (!PIN_RULE.test(pin)) throw new Error('BALCAO_ADMIN_PIN deve ter de 4 a 8 dígitos.');
    const { hash, salt } = hashPinSync(pin);
    this.deps.db.transaction(() => {
      const existing = this.q.byName.get('Gerente');
      if (existing) {
        this.q.setPin.run(hash, salt, existing.id);
        this.q.setRole.run('gerente', existing.id);
      } else {
        this.q.insert.run('Gerente', 'gerente', hash, salt, this.deps.now().toISOString());
      }
    })();
  }

  async firstAccess(name: string, pin: string, pinConfirm: string): Promise<UsersState> {
    if (this.provisioned()) throw new AppError('users.alreadySetUp', 'O primeiro acesso já foi feito. Entre com seu usuário e PIN.');
    if (pin !== pinConfirm) throw new AppError('users.pinMismatch', 'Os dois PINs não são iguais. Digite o mesmo PIN duas vezes.');
    const { hash, salt } = await hashPin(pin);
    this.deps.db.transaction(() => {
      if (this.provisioned()) throw new AppError('users.alreadySetUp', 'O primeiro acesso já foi feito.');
      const existing = this.q.byName.get(name);
      let id: number;
      if (existing) {
        id = existing.id;
        this.q.setPin.run(hash, salt, id);
        this.q.setRole.run('gerente', id);
      } else {
        id = Number(this.q.insert.run(name, 'gerente', hash, salt, this.deps.now().toISOString()).lastInsertRowid);
      }
      const user = { id, name };
      this.deps.audit.append({ operator: user, action: 'usuarios.primeiroAcesso', details: { userId: id } });
      this.startSession(user);
    })();
    return this.state();
  }

  /** Checks a user's PIN with the lockout (5 wrong → 60 s, counted in the database). */
  async verify(userId: number, pin: string): Promise<Row> {
    const row = this.q.byId.get(userId);
    if (!row || !row.active || !row.pin_hash || !row.pin_salt) throw new AppError('users.notFound', 'Usuário não encontrado ou inativo.');
    const nowMs = this.deps.now().getTime();
    if (row.locked_until_ms !== null && row.locked_until_ms > nowMs) throw this.lockedOut(row.locked_until_ms - nowMs);
    const ok = PIN_RULE.test(pin) && (await verifyPin(pin, row.pin_hash, row.pin_salt));
    if (ok) {
      this.q.clearFails.run(row.id);
      return row;
    }
    // Count the failure (committed), then refuse: a throw inside the transaction would roll the count back.
    const fails = this.deps.db.transaction(() => {
      const n = this.q.byId.get(userId)!.failed_attempts + 1;
      if (n >= MAX_ATTEMPTS) {
        this.q.fail.run(0, this.deps.now().getTime() + LOCKOUT_MS, row.id);
        this.deps.audit.append({ operator: { id: row.id, name: row.name }, action: 'usuarios.bloqueioPorTentativas' });
      } else this.q.fail.run(n, null, row.id);
      return n;
    })();
    if (fails >= MAX_ATTEMPTS) throw this.lockedOut(LOCKOUT_MS);
    const left = MAX_ATTEMPTS - fails;
    throw new AppError('users.wrongPin', `PIN incorreto. ${left === 1 ? 'Resta 1 tentativa' : `Restam ${left} tentativas`} antes de aguardar 60 segundos.`);
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
    this.q.putSetting.run(KEY_CURRENT, String(user.id));
    this.q.putSetting.run(KEY_ACTIVE, '1');
    this.q.putSetting.run(KEY_LOCKED, '0');
    this.grants = [];
    this.elevation = null;
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

  lock(): UsersState {
    if (this.session()) this.q.putSetting.run(KEY_LOCKED, '1');
    this.grants = [];
    this.elevation = null;
    return this.state();
  }

  logout(): UsersState {
    const s = this.session();
    this.deps.db.transaction(() => {
      this.q.putSetting.run(KEY_ACTIVE, '0');
      this.q.putSetting.run(KEY_LOCKED, '0');
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

  /** A Gerente's PIN lets the session's next `action` run once (within 2 minutes); "settings" lasts until leaving. */
  async approve(action: PermissionAction, managerId: number, pin: string): Promise<{ approverName: string }> {
    const approver = await this.approver(managerId, pin);
    if (action === 'settings') this.elevation = approver;
    else {
      const nowMs = this.deps.now().getTime();
      this.grants = this.grants.filter((g) => g.expiresMs > nowMs && g.action !== action);
      this.grants.push({ action, approver, expiresMs: nowMs + GRANT_TTL_MS });
    }
    return { approverName: approver.name };
  }

  dropElevation(): void {
    this.elevation = null;
  }

  /**
   * May the session do `action` now? Returns who does it and who approved.
   * Consumes a one-shot approval (call `restore` if the action then fails).
   * `inline` is an approval carried by the call itself (managerId + PIN).
   */
  async authorize(action: PermissionAction, inline?: Approval): Promise<Authorization> {
    if (inline) {
      const operator = this.requireSession();
      return { operator, approver: await this.approver(inline.managerId, inline.pin) };
    }
    return this.authorizeSync(action);
  }

  authorizeSync(action: PermissionAction): Authorization {
    if (!this.provisioned()) {
      const s = this.session();
      return { operator: s ?? this.fallbackOperator(), approver: null };
    }
    const operator = this.requireSession();
    if (can(operator.role, action)) return { operator, approver: null };
    if (action === 'settings' && this.elevation) return { operator, approver: this.elevation };
    const nowMs = this.deps.now().getTime();
    const i = this.grants.findIndex((g) => g.action === action && g.expiresMs > nowMs);
    if (i >= 0) {
      const [g] = this.grants.splice(i, 1);
      return { operator, approver: g.approver };
    }
    throw new AppError('auth.approvalRequired', `${ACTION_LABEL[action]}: precisa da aprovação de um gerente.`, { action });
  }

  /** Gives back a one-shot approval whose action failed (so the cashier can fix the input and try again). */
  restore(action: PermissionAction, auth: Authorization): void {
    if (!auth.approver || action === 'settings') return;
    this.grants.push({ action, approver: auth.approver, expiresMs: this.deps.now().getTime() + GRANT_TTL_MS });
  }

  /** The logged-in, unlocked user; refuses otherwise. */
  requireSession(): SessionUser {
    const s = this.session();
    if (!s) throw new AppError('auth.loginRequired', 'Entre com seu usuário e PIN.');
    if (this.locked()) throw new AppError('auth.locked', 'O caixa está bloqueado: entre com seu PIN.');
    return s;
  }

  private fallbackOperator(): Actor {
    const id = Number(this.q.getSetting.get(KEY_CURRENT)?.value ?? 1);
    const row = this.q.byId.get(id) ?? this.q.byId.get(1);
    return row ? { id: row.id, name: row.name } : { id: 1, name: 'Caixa 01' };
  }

  // ---- management (Configurações > Usuários) -----------------------------------

  list(): UserRow[] {
    return this.q.all.all().map(toUserRow);
  }

  async create(name: string, role: Role, pin: string, by: Authorization): Promise<UserRow> {
    const { hash, salt } = await hashPin(pin);
    return this.deps.db.transaction(() => {
      if (this.q.byName.get(name)) throw new AppError('users.duplicate', `Já existe um usuário ativo chamado "${name}".`);
      const id = Number(this.q.insert.run(name, role, hash, salt, this.deps.now().toISOString()).lastInsertRowid);
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: 'usuarios.criar', details: { userId: id, name, role } });
      return toUserRow(this.q.byId.get(id)!);
    })();
  }

  setRole(id: number, role: Role, by: Authorization): UserRow {
    return this.deps.db.transaction(() => {
      const row = this.require(id);
      if (row.role === 'gerente' && role !== 'gerente') this.keepOneManager(id);
      this.q.setRole.run(role, id);
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: 'usuarios.perfil', details: { userId: id, name: row.name, from: row.role, to: role } });
      return toUserRow(this.q.byId.get(id)!);
    })();
  }

  async resetPin(id: number, pin: string, by: Authorization): Promise<UserRow> {
    const { hash, salt } = await hashPin(pin);
    return this.deps.db.transaction(() => {
      const row = this.require(id);
      this.q.setPin.run(hash, salt, id);
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
      this.q.setActive.run(active ? 1 : 0, id);
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
