import type Database from 'better-sqlite3';

/** One numbered step of the schema (the list lives in ./index.ts; each migration file imports only this type). */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
