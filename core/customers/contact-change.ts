import { LoyaltyCustomer, type LoyaltyCustomerInput } from '../../shared/api/loyalty';
import { maskCpf, onlyDigits } from '../../shared/cpf';
import { AppError } from '../kernel/errors';
import type { AuditRepo } from '../audit/repo';
import type { Authorization } from '../users/service';
import type { CustomersRepo } from './repo';

/**
 * A registered customer's mobile and e-mail are where the partner sends the redemption PIN: changing them
 * is only for the customer standing at the counter — the CPF typed in "Identificar cliente" for THIS open
 * sale — and every change is audited. Anything else ("Salvar cliente" for a CPF nobody identified in this
 * sale) keeps the registered contact.
 */
export class ContactChangeRule {
  private identified: { saleId: string; cpf: string } | null = null;

  constructor(
    private readonly customers: CustomersRepo,
    private readonly audit: AuditRepo,
  ) {}

  /** The cashier typed this CPF at the counter for this sale ("Identificar cliente"). */
  noteIdentified(saleId: string, cpfText: string): void {
    this.identified = { saleId, cpf: onlyDigits(cpfText) };
  }

  /**
   * Before "Salvar cliente": refuses a contact change the rule does not allow. Returns what to call once the
   * registration went through (the audit row of a change it allowed).
   */
  check(saleId: string, input: LoyaltyCustomerInput, auth: Authorization | null): () => void {
    const none = () => {};
    const cpf = onlyDigits(input.cpf);
    const stored = this.customers.get(cpf);
    if (!stored) return none; // a new customer: nothing to change
    const next = LoyaltyCustomer.safeParse(input);
    if (!next.success) return none; // the registry's own validation answers
    const before = stored.customer.contact;
    const after = next.data.contact;
    const changed = (['mobile', 'email'] as const).filter((k) => (before[k] ?? '') !== (after[k] ?? ''));
    if (changed.length === 0) return none;
    if (!this.identified || this.identified.saleId !== saleId || this.identified.cpf !== cpf) {
      throw new AppError(
        'customers.contactLocked',
        'Este cliente já é cadastrado: o celular e o e-mail só mudam com o cliente no caixa, depois de "Identificar cliente" com o CPF dele nesta venda.',
      );
    }
    return () => {
      if (!auth) return;
      this.audit.append({
        operator: auth.operator,
        approver: auth.approver,
        action: 'cliente.contatoAlterado',
        saleId,
        details: { cpf: maskCpf(cpf), fields: changed },
      });
    };
  }
}
