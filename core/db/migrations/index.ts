import type Database from 'better-sqlite3';
import { m001Foundation } from './001_foundation';
import { m002Loyalty } from './002_loyalty';
import { m003Printing } from './003_printing';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/**
 * Numbered, append-only. Never edit a migration that has shipped: add the next.
 * Reserved: 002 loyalty (hub), 003 printing.
 */
export const MIGRATIONS: readonly Migration[] = [m001Foundation, m002Loyalty, m003Printing];
