import type { Migration } from './types';

/**
 * A customer identified while the hub was down (issue 21): the sale keeps the GUID of the CadastrarCliente
 * that could not go, and "Finalizar" queues it in the outbox before the sale's ResgatarSaldo and GerarBonus
 * (same GUID: an attempt that did reach the hub is not registered twice). NULL = registered at the counter.
 */
export const m016LoyaltyOffline: Migration = {
  version: 16,
  name: 'loyalty_offline',
  up(db) {
    db.exec(`ALTER TABLE sale_loyalty ADD COLUMN registration_guid TEXT;`);
  },
};
