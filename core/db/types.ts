import type Database from 'better-sqlite3';

/** A connection opened by openDatabase (./open.ts); durable.ts and checkpoint.ts need only this type. */
export type Db = Database.Database;
