import type Database from 'better-sqlite3';
import { m001Foundation } from './001_foundation';
import { m002Loyalty } from './002_loyalty';
import { m003Printing } from './003_printing';
import { m004Outbox } from './004_outbox';
import { m006Payments } from './006_payments';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/**
 * Numbered, append-only, strictly increasing (gaps allowed). Never edit a
 * migration that has shipped: add the next. Owners: 002 loyalty (hub),
 * 003 printing, 004 outbox, 005 customers/loyalty at the counter, 006 payments
 * (PIX), 007 users/audit, 008 shifts/back office, 009 security, 010 performance.
 */
export const MIGRATIONS: readonly Migration[] = [m001Foundation, m002Loyalty, m003Printing, m004Outbox, m006Payments];
