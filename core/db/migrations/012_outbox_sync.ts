import type { Migration } from './types';

/**
 * Sync visibility for the outbox (issue 10):
 * - `outbox_counts`: one row per status, kept exact by triggers inside every
 *   write's own transaction (a rolled-back enqueue never counts), so the
 *   top-bar badge reads six rows instead of scanning the table.
 * - `outbox_status_next`: due rows of one status in next-attempt order (no sort,
 *   stops at the limit) and the screen's per-status lists, without touching the
 *   delivered history.
 */
export const m012OutboxSync: Migration = {
  version: 12,
  name: 'outbox_sync',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_counts (
        status TEXT PRIMARY KEY,
        n      INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO outbox_counts (status, n)
        SELECT s.status, (SELECT count(*) FROM outbox o WHERE o.status = s.status)
        FROM (SELECT 'pending' AS status UNION ALL SELECT 'sending' UNION ALL SELECT 'retrying'
              UNION ALL SELECT 'done' UNION ALL SELECT 'attention' UNION ALL SELECT 'discarded') s;
      CREATE TRIGGER outbox_count_ins AFTER INSERT ON outbox BEGIN
        UPDATE outbox_counts SET n = n + 1 WHERE status = NEW.status;
      END;
      CREATE TRIGGER outbox_count_upd AFTER UPDATE OF status ON outbox WHEN OLD.status <> NEW.status BEGIN
        UPDATE outbox_counts SET n = n - 1 WHERE status = OLD.status;
        UPDATE outbox_counts SET n = n + 1 WHERE status = NEW.status;
      END;
      CREATE TRIGGER outbox_count_del AFTER DELETE ON outbox BEGIN
        UPDATE outbox_counts SET n = n - 1 WHERE status = OLD.status;
      END;
      -- Not partial: SQLite only uses a partial index when the query repeats its WHERE, and the
      -- worker asks one status at a time ("status = 'pending' AND next_attempt_ms <= ?" in index order).
      CREATE INDEX outbox_status_next ON outbox(status, next_attempt_ms);
    `);
  },
};
