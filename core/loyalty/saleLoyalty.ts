import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';

/** The loyalty state of one sale (table `sale_loyalty`, migration 005). */
export interface SaleLoyalty {
  saleId: string;
  cpf: string;
  customerName: string;
  currentCents: number;
  availableCents: number;
  usesPin: boolean;
  pinType: 1 | 2 | null;
  balanceGuid: string | null;
  /** Identified with the hub down: the CadastrarCliente to queue at "Finalizar" (its GUID); null = registered. */
  registrationGuid: string | null;
  pinValidated: boolean;
  pinAttempts: number;
  redemptionDecided: boolean;
  campaignId: number | null;
  campaignDescription: string | null;
  campaignsQueued: boolean;
  warning: string | null;
}

interface Row {
  sale_id: string;
  cpf: string;
  customer_name: string;
  current_cents: number;
  available_cents: number;
  uses_pin: number;
  pin_type: number | null;
  balance_guid: string | null;
  registration_guid: string | null;
  pin_validated: number;
  pin_attempts: number;
  redemption_decided: number;
  campaign_id: number | null;
  campaign_description: string | null;
  campaigns_queued: number;
  warning: string | null;
}

function fromRow(r: Row): SaleLoyalty {
  return {
    saleId: r.sale_id,
    cpf: r.cpf,
    customerName: r.customer_name,
    currentCents: r.current_cents,
    availableCents: r.available_cents,
    usesPin: r.uses_pin === 1,
    pinType: r.pin_type === 1 || r.pin_type === 2 ? r.pin_type : null,
    balanceGuid: r.balance_guid,
    registrationGuid: r.registration_guid,
    pinValidated: r.pin_validated === 1,
    pinAttempts: r.pin_attempts,
    redemptionDecided: r.redemption_decided === 1,
    campaignId: r.campaign_id,
    campaignDescription: r.campaign_description,
    campaignsQueued: r.campaigns_queued === 1,
    warning: r.warning,
  };
}

export interface BalanceSnapshot {
  currentCents: number;
  availableCents: number;
  usesPin: boolean;
  pinType: 1 | 2 | null;
  /** The answer's GUID; null when the balance was not consulted (hub down). */
  guid: string | null;
}

/**
 * Reads/writes `sale_loyalty` and the two loyalty columns of `sales`
 * (customer_cpf, redemption_cents). Every write joins the caller's
 * transaction when there is one.
 */
export class SaleLoyaltyRepo {
  private readonly q;
  private readonly updates = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.q = {
      get: db.prepare<[string], Row>(`SELECT * FROM sale_loyalty WHERE sale_id = ?`),
      setCustomer: db.prepare(
        `INSERT INTO sale_loyalty (sale_id, cpf, customer_name, current_cents, available_cents, uses_pin, pin_type, balance_guid, registration_guid, updated_at)
         VALUES (@saleId, @cpf, @name, @current, @available, @usesPin, @pinType, @guid, @registrationGuid, @at)
         ON CONFLICT (sale_id) DO UPDATE SET cpf = excluded.cpf, customer_name = excluded.customer_name,
           current_cents = excluded.current_cents, available_cents = excluded.available_cents, uses_pin = excluded.uses_pin,
           pin_type = excluded.pin_type, balance_guid = excluded.balance_guid, registration_guid = excluded.registration_guid,
           updated_at = excluded.updated_at,
           pin_validated = CASE WHEN sale_loyalty.cpf = excluded.cpf THEN sale_loyalty.pin_validated ELSE 0 END,
           pin_attempts = CASE WHEN sale_loyalty.cpf = excluded.cpf THEN sale_loyalty.pin_attempts ELSE 0 END,
           redemption_decided = CASE WHEN sale_loyalty.cpf = excluded.cpf THEN sale_loyalty.redemption_decided ELSE 0 END`,
      ),
      saleCpf: db.prepare(`UPDATE sales SET customer_cpf = ? WHERE id = ?`),
      redemption: db.prepare(`UPDATE sales SET redemption_cents = ? WHERE id = ?`),
      saleRedemption: db.prepare<[string], { redemption_cents: number }>(`SELECT redemption_cents FROM sales WHERE id = ?`),
      delete: db.prepare(`DELETE FROM sale_loyalty WHERE sale_id = ?`),
      update: (cols: string) => {
        // One statement per column set, prepared once: setCampaign runs inside every loyalty finalize.
        let st = this.updates.get(cols);
        if (!st) this.updates.set(cols, (st = db.prepare(`UPDATE sale_loyalty SET ${cols}, updated_at = @at WHERE sale_id = @saleId`)));
        return st;
      },
    };
  }

  private tx<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn).immediate();
  }

  get(saleId: string): SaleLoyalty | null {
    const r = this.q.get.get(saleId);
    return r ? fromRow(r) : null;
  }

  /**
   * The identified customer goes onto the sale (another CPF resets PIN and redemption). `registrationGuid`:
   * the CadastrarCliente that could not go (hub down), queued at "Finalizar"; null once registered.
   */
  setCustomer(saleId: string, cpf: string, name: string, b: BalanceSnapshot, registrationGuid: string | null = null): void {
    this.tx(() => {
      const prev = this.get(saleId);
      if (prev && prev.cpf !== cpf) this.q.redemption.run(0, saleId);
      this.q.setCustomer.run({
        saleId,
        cpf,
        name,
        current: b.currentCents,
        available: b.availableCents,
        usesPin: b.usesPin ? 1 : 0,
        pinType: b.pinType,
        guid: b.guid,
        registrationGuid,
        at: this.now().toISOString(),
      });
      this.q.saleCpf.run(cpf, saleId);
    });
  }

  updateBalance(saleId: string, b: BalanceSnapshot): void {
    this.q
      .update('current_cents = @current, available_cents = @available, uses_pin = @usesPin, pin_type = @pinType, balance_guid = @guid')
      .run({ saleId, current: b.currentCents, available: b.availableCents, usesPin: b.usesPin ? 1 : 0, pinType: b.pinType, guid: b.guid, at: this.now().toISOString() });
  }

  /** "Remover cliente": off the sale, with its redemption. */
  removeCustomer(saleId: string): void {
    this.tx(() => {
      this.q.delete.run(saleId);
      this.q.saleCpf.run(null, saleId);
      this.q.redemption.run(0, saleId);
    });
  }

  setPin(saleId: string, validated: boolean, attempts: number): void {
    this.q.update('pin_validated = @v, pin_attempts = @n').run({ saleId, v: validated ? 1 : 0, n: attempts, at: this.now().toISOString() });
  }

  /** The answer of "Utilização de saldo": amount (0 = without balance), written on the sale. */
  decideRedemption(saleId: string, amountCents: number): void {
    this.tx(() => {
      this.q.redemption.run(amountCents, saleId);
      this.q.update('redemption_decided = 1').run({ saleId, at: this.now().toISOString() });
    });
  }

  /** Items changed after the redemption: it must be decided again (and a PIN asked again). */
  resetRedemption(saleId: string): boolean {
    const st = this.get(saleId);
    const redeemed = this.q.saleRedemption.get(saleId)?.redemption_cents ?? 0;
    if (!st || (!st.redemptionDecided && redeemed === 0)) return false;
    this.q.redemption.run(0, saleId);
    this.q.update('redemption_decided = 0, pin_validated = 0, pin_attempts = 0').run({ saleId, at: this.now().toISOString() });
    return true;
  }

  setCampaign(saleId: string, id: number | null, description: string | null, queued: boolean): void {
    this.q
      .update('campaign_id = @id, campaign_description = @d, campaigns_queued = @queued')
      .run({ saleId, id, d: description, queued: queued ? 1 : 0, at: this.now().toISOString() });
  }

  setWarning(saleId: string, warning: string): void {
    this.q.update('warning = @w').run({ saleId, w: warning, at: this.now().toISOString() });
  }
}
