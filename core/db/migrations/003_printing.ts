import type { Migration } from './types';

/** The print queue: every receipt is stored as the exact bytes sent to the printer. */
export const m003Printing: Migration = {
  version: 3,
  name: 'printing',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        id               INTEGER PRIMARY KEY,
        kind             TEXT NOT NULL CHECK (kind IN ('sale', 'loyalty', 'cancellation', 'test')),
        sale_id          TEXT REFERENCES sales(id) ON DELETE SET NULL,
        title            TEXT NOT NULL,
        bytes            BLOB NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'done', 'failed')),
        attempts         INTEGER NOT NULL DEFAULT 0,
        last_error       TEXT,
        next_attempt_at  TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        printed_at       TEXT
      );
      CREATE INDEX print_jobs_status ON print_jobs(status, next_attempt_at);
      CREATE INDEX print_jobs_sale ON print_jobs(sale_id, kind);
    `);
  },
};
