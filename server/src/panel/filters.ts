/**
 * The panel's sale filters ("Período", "Loja", "Caixa", "Status", "Forma de pagamento", "Valor",
 * "CPF", "Operador") → a WHERE clause on `sales s`, always limited to the stores the user may see.
 */
import { forbidden, badRequest } from '../errors';
import type { PanelPrincipal } from './auth-roles';

export interface SaleFilters {
  from: string | null;
  to: string | null;
  storeId: string | null;
  tillId: string | null;
  status: 'finalizada' | 'cancelada' | null;
  formCode: number | null;
  minCents: number | null;
  maxCents: number | null;
  cpf: string | null;
  operator: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function instant(url: URL, name: string, label: string): string | null {
  const v = url.searchParams.get(name);
  if (!v) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw badRequest(`${label} inválida: ${v}.`);
  return d.toISOString();
}

function cents(url: URL, name: string, label: string): number | null {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${label} inválido (centavos inteiros ≥ 0).`);
  return n;
}

export function uuidParam(url: URL, name: string, label: string): string | null {
  const v = url.searchParams.get(name);
  if (!v) return null;
  if (!UUID.test(v)) throw badRequest(`${label} inválido.`);
  return v;
}

export function parseSaleFilters(url: URL): SaleFilters {
  const status = url.searchParams.get('status') || null;
  if (status && status !== 'finalizada' && status !== 'cancelada') throw badRequest('Status inválido (finalizada ou cancelada).');
  const form = url.searchParams.get('forma');
  const formCode = form ? Number(form) : null;
  if (formCode !== null && (!Number.isInteger(formCode) || formCode < 0 || formCode > 99)) throw badRequest('Forma de pagamento inválida.');
  const cpf = (url.searchParams.get('cpf') ?? '').replace(/\D/g, '') || null;
  if (cpf && cpf.length !== 11) throw badRequest('CPF deve ter 11 dígitos.');
  const operator = url.searchParams.get('operador')?.trim() || null;
  return {
    from: instant(url, 'de', 'Data inicial'),
    to: instant(url, 'ate', 'Data final'),
    storeId: uuidParam(url, 'loja', 'Loja'),
    tillId: uuidParam(url, 'caixa', 'Caixa'),
    status: status as SaleFilters['status'],
    formCode,
    minCents: cents(url, 'min', 'Valor mínimo'),
    maxCents: cents(url, 'max', 'Valor máximo'),
    cpf,
    operator,
  };
}

/** Stores this user may see: null = all. A Gerente asking for another store is refused. */
export function allowedStores(p: PanelPrincipal, requested: string | null): string[] | null {
  if (p.storeIds === null) return requested ? [requested] : null;
  if (requested) {
    if (!p.storeIds.includes(requested)) throw forbidden('Você não tem acesso a esta loja.');
    return [requested];
  }
  return p.storeIds;
}

export function assertStoreAccess(p: PanelPrincipal, storeId: string): void {
  if (p.storeIds !== null && !p.storeIds.includes(storeId)) throw forbidden('Você não tem acesso a esta loja.');
}

/** Bit of a payment form in sales.pay_mask (same rule as the till and the ingest). */
export const formBit = (formCode: number) => 1 << formCode % 31;

export class Where {
  readonly parts: string[] = [];
  constructor(readonly params: unknown[] = []) {}
  add(sqlWithQ: string, ...values: unknown[]): this {
    let s = sqlWithQ;
    for (const v of values) {
      this.params.push(v);
      s = s.replace('?', `$${this.params.length}`);
    }
    this.parts.push(s);
    return this;
  }
  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/**
 * WHERE on `sales s` for the filters and the user's stores. `perStore`: the caller runs it once per store
 * (LATERAL over the user's stores, see salesPage) and `column` names that store.
 */
export function saleWhere(p: PanelPrincipal, f: SaleFilters, alias = 's', perStore?: { where: Where; column: string }): Where {
  const w = perStore?.where ?? new Where();
  const stores = allowedStores(p, f.storeId);
  // One store as `=`: with ANY the planner cannot walk a store's index newest first (it would sort the period).
  if (perStore) w.add(`${alias}.store_id = ${perStore.column}`);
  else if (stores?.length === 1) w.add(`${alias}.store_id = ?::uuid`, stores[0]);
  else if (stores) w.add(`${alias}.store_id = ANY(?::uuid[])`, stores);
  if (f.tillId) w.add(`${alias}.till_id = ?`, f.tillId);
  if (f.from) w.add(`${alias}.finalized_at >= ?`, f.from);
  if (f.to) w.add(`${alias}.finalized_at < ?`, f.to);
  if (f.status) w.add(`${alias}.status = ?`, f.status);
  // The bit as a literal (an integer computed here, never text from the request): the planner matches it to
  // that form's partial indexes (migration 013), which a parameter would not.
  if (f.formCode !== null) w.add(`(${alias}.pay_mask & ${formBit(f.formCode)}) <> 0`);
  if (f.minCents !== null) w.add(`${alias}.total_cents >= ?`, f.minCents);
  if (f.maxCents !== null) w.add(`${alias}.total_cents <= ?`, f.maxCents);
  if (f.cpf) w.add(`${alias}.customer_cpf = ?`, f.cpf);
  if (f.operator) w.add(`lower(${alias}.operator_name) = lower(?)`, f.operator);
  return w;
}

export const PAYMENT_FORMS: Record<number, string> = {
  1: 'Dinheiro',
  2: 'Cheque',
  3: 'Cartão de Crédito',
  4: 'Cartão de Débito',
  5: 'Crediário/Cartão da Loja',
  10: 'Vale Alimentação',
  11: 'Vale Refeição',
  12: 'Vale Presente',
  17: 'PIX',
  18: 'Carteira Digital',
  20: 'PIX Estático',
  21: 'Crédito em Loja',
  90: 'Sem Pagamento',
  99: 'Outros',
};
export const formName = (code: number) => PAYMENT_FORMS[code] ?? `Forma ${code}`;
export const PIX_FORMS = [17, 18, 20];
