import type { Migration } from './types';

const OLD_CHECK = 'CHECK (amount_cents > 0)';
const OLD_CHECK_RE = /CHECK\s*\(\s*amount_cents\s*>\s*0\s*\)/gi;
const NEW_CHECK = 'CHECK (amount_cents > 0 OR (form_code = 90 AND amount_cents = 0))';

/**
 * A sale whose net is R$ 0,00 is recorded with payment form 90 "Sem Pagamento"
 * and amount 0, but 001 made `payments.amount_cents > 0` a CHECK. SQLite cannot
 * ALTER a CHECK, and the usual rebuild (new table, copy, drop, rename) is
 * unsafe here: migrations run in one transaction with foreign keys ON, so the
 * DROP would cascade into any table that references payments (e.g. PIX's) and
 * the rename would repoint their REFERENCES. Instead this uses SQLite's
 * documented procedure for LOOSENING a CHECK (https://sqlite.org/lang_altertable.html,
 * "making other kinds of table schema changes"): edit the CREATE TABLE text in
 * sqlite_schema under writable_schema and bump schema_version. The rows on disk
 * do not change (every existing row already satisfies the looser CHECK), and
 * no other table is touched. better-sqlite3's defensive mode is lifted only
 * for this statement.
 */
export const m011ZeroSale: Migration = {
  version: 11,
  name: 'zero_sale',
  up(db) {
    const row = db.prepare<[], { sql: string }>(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'payments'`).get();
    if (!row) throw new Error('migração 011: tabela payments não encontrada');
    if (row.sql.includes(NEW_CHECK)) return;
    const found = row.sql.match(OLD_CHECK_RE) ?? [];
    // Another migration may have rebuilt payments without this CHECK: then there is nothing to loosen.
    if (found.length === 0) return;
    if (found.length > 1) throw new Error(`migração 011: a restrição "${OLD_CHECK}" aparece ${found.length} vezes em payments`);
    const version = db.pragma('schema_version', { simple: true }) as number;
    db.unsafeMode(true);
    try {
      db.pragma('writable_schema = ON');
      db.prepare(`UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'payments'`).run(row.sql.replace(OLD_CHECK_RE, NEW_CHECK));
      db.pragma(`schema_version = ${version + 1}`);
    } finally {
      db.pragma('writable_schema = OFF');
      db.unsafeMode(false);
    }
  },
};
