import type { Migration } from './types';

/**
 * Retaguarda (issue 23): which local records were queued for the store server (one row each, written in the
 * same transaction as the outbox row that carries them, so each goes exactly once), and which local operators
 * are the server's till users.
 */
export const m017Retaguarda: Migration = {
  version: 17,
  name: 'retaguarda',
  up(db) {
    db.exec(`
      CREATE TABLE retaguarda_queued (
        record_id  TEXT PRIMARY KEY,
        kind       TEXT NOT NULL,
        local_ref  TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX retaguarda_queued_ref ON retaguarda_queued(kind, local_ref);
      -- Till users that come from the server (valid at every caixa of the store): server id → local operator.
      CREATE TABLE retaguarda_users (
        server_id    TEXT PRIMARY KEY,
        operator_id  INTEGER NOT NULL UNIQUE REFERENCES operators(id)
      ) WITHOUT ROWID;
    `);
  },
};
