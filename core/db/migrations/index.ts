import type { Migration } from './types';
import { m001Foundation } from './001_foundation';
import { m002Loyalty } from './002_loyalty';
import { m003Printing } from './003_printing';
import { m004Outbox } from './004_outbox';
import { m005Customers } from './005_customers';
import { m006Payments } from './006_payments';
import { m007Users } from './007_users';
import { m008Backoffice } from './008_backoffice';
import { m009Security } from './009_security';
import { m011ZeroSale } from './011_zero_sale';
import { m012OutboxSync } from './012_outbox_sync';
import { m013OutboxDrain } from './013_outbox_drain';
import { m014SalePath } from './014_sale_path';
import { m015Access } from './015_access';
import { m016LoyaltyOffline } from './016_loyalty_offline';
import { m017Retaguarda } from './017_retaguarda';

export type { Migration } from './types';

/**
 * Numbered, append-only, strictly increasing (gaps allowed). Never edit a
 * migration that has shipped: add the next. Owners: 002 loyalty (hub),
 * 003 printing, 004 outbox, 005 customers/loyalty at the counter, 006 payments
 * (PIX), 007 users/audit, 008 shifts/back office, 009 security, 010 performance, 013 outbox drain,
 * 014 the sale's write path, 015 access rules on discounts, 016 loyalty customers identified with the hub down,
 * 017 the store server's upload markers.
 */
export const MIGRATIONS: readonly Migration[] = [
  m001Foundation,
  m002Loyalty,
  m003Printing,
  m004Outbox,
  m005Customers,
  m006Payments,
  m007Users,
  m008Backoffice,
  m009Security,
  m011ZeroSale,
  m012OutboxSync,
  m013OutboxDrain,
  m014SalePath,
  m015Access,
  m016LoyaltyOffline,
  m017Retaguarda,
];
