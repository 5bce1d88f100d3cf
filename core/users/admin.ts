import type { Role, UserRow } from '../../shared/api/users';
import { AppError } from '../kernel/errors';
import type { AuditRepo } from '../audit/repo';
import type { Db } from '../db/open';
import { hashPin } from './pin';
import { isShort, requirePinFor } from './pin-policy';
import type { Authorization, Row } from './types';

export interface UsersAdminDeps {
  db: Db;
  audit: AuditRepo;
  now: () => Date;
  /** Who is at the till (nobody deactivates themselves). */
  sessionId: () => number | null;
  /** The session's snapshot must be read again (a user or a PIN changed). */
  invalidate: () => void;
}

/**
 * Configurações > "Usuários": create, change role, reset PIN, deactivate — a Gerente's own session only
 * (declared in shared/api/users.ts); every change audited with who did it.
 */
export class UsersAdmin {
  private readonly q;

  constructor(private readonly deps: UsersAdminDeps) {
    const db = deps.db;
    this.q = {
      byId: db.prepare<[number], Row>(`SELECT * FROM operators WHERE id = ?`),
      all: db.prepare<[], Row>(`SELECT * FROM operators ORDER BY active DESC, name COLLATE NOCASE`),
      byName: db.prepare<[string], Row>(`SELECT * FROM operators WHERE active = 1 AND name = ? COLLATE NOCASE`),
      insert: db.prepare(
        `INSERT INTO operators (name, role, active, pin_hash, pin_salt, created_at, pin_short) VALUES (?, ?, 1, ?, ?, ?, ?)`,
      ),
      setPin: db.prepare(
        `UPDATE operators SET pin_hash = ?, pin_salt = ?, failed_attempts = 0, locked_until_ms = NULL, pin_short = ? WHERE id = ?`,
      ),
      setRole: db.prepare(`UPDATE operators SET role = ? WHERE id = ?`),
      setActive: db.prepare(`UPDATE operators SET active = ? WHERE id = ?`),
    };
  }

  /** The writing statements, reached through here so the users' snapshot is dropped first. */
  private write() {
    this.deps.invalidate();
    return this.q;
  }

  list(): UserRow[] {
    return this.q.all.all().map(toUserRow);
  }

  async create(name: string, role: Role, pin: string, by: Authorization): Promise<UserRow> {
    requirePinFor(role, pin);
    const { hash, salt } = await hashPin(pin);
    return this.deps.db.transaction(() => {
      if (this.q.byName.get(name)) throw new AppError('users.duplicate', `Já existe um usuário ativo chamado "${name}".`);
      const id = Number(this.write().insert.run(name, role, hash, salt, this.deps.now().toISOString(), isShort(pin)).lastInsertRowid);
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: 'usuarios.criar', details: { userId: id, name, role } });
      return toUserRow(this.q.byId.get(id)!);
    })();
  }

  setRole(id: number, role: Role, by: Authorization): UserRow {
    return this.deps.db.transaction(() => {
      const row = this.require(id);
      if (row.role === 'gerente' && role !== 'gerente') this.keepOneManager(id);
      this.write().setRole.run(role, id);
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: 'usuarios.perfil', details: { userId: id, name: row.name, from: row.role, to: role } });
      return toUserRow(this.q.byId.get(id)!);
    })();
  }

  async resetPin(id: number, pin: string, by: Authorization): Promise<UserRow> {
    requirePinFor(this.require(id).role, pin);
    const { hash, salt } = await hashPin(pin);
    return this.deps.db.transaction(() => {
      const row = this.require(id);
      this.write().setPin.run(hash, salt, isShort(pin), id);
      this.deps.audit.append({ operator: by.operator, approver: by.approver, action: 'usuarios.redefinirPin', details: { userId: id, name: row.name } });
      return toUserRow(this.q.byId.get(id)!);
    })();
  }

  setActive(id: number, active: boolean, by: Authorization): UserRow {
    return this.deps.db.transaction(() => {
      const row = this.require(id);
      if (!active && row.role === 'gerente') this.keepOneManager(id);
      if (!active && this.deps.sessionId() === id) throw new AppError('users.selfDeactivate', 'Você não pode desativar o usuário que está no caixa.');
      if (active && this.q.byName.get(row.name)) throw new AppError('users.duplicate', `Já existe um usuário ativo chamado "${row.name}".`);
      this.write().setActive.run(active ? 1 : 0, id);
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
