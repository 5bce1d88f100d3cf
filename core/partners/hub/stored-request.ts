import type { HubRoute } from './routes';

/**
 * A person's data in hub requests: needed to SEND (CadastrarCliente, EnviarPin's destination), never
 * kept once stored. The CPF stays: it is what identifies the customer to the partner.
 */
const PERSONAL_KEYS = [
  'Nome', 'RG', 'EstadoCivil', 'DataNascimento', 'Sexo', 'Profissao', 'NomeMae', 'NomePai', 'NomeConjuge', 'Naturalidade',
  'Escolariedade', 'RendaMensal', 'NumeroDependentes', 'LocalDeTrabalho', 'TempoNoAtualEmprego', 'Endereco', 'Contato',
  'Celular', 'Email', 'Telefone',
];
export const PERSONAL_ROUTES: readonly HubRoute[] = ['CadastrarCliente', 'EnviarPin'];
export const REDACTED = '[redigido]';

/** What `hub_operations.request_json` (and a delivered outbox payload) keeps: no PIN, no personal data beyond the CPF. */
export function storedRequest(route: HubRoute, body: Record<string, unknown>): Record<string, unknown> {
  const out = withoutPin(body);
  if (!PERSONAL_ROUTES.includes(route)) return out;
  const copy: Record<string, unknown> = { ...out };
  for (const k of PERSONAL_KEYS) if (k in copy && copy[k] !== null && copy[k] !== '') copy[k] = REDACTED;
  return copy;
}

/** Whether a stored body lost fields a resend would need (then the caller must give them again). */
export function isRedacted(body: Record<string, unknown>): boolean {
  return PERSONAL_KEYS.some((k) => body[k] === REDACTED);
}

/** A stored copy of a request body, without the PIN (a PIN is one-time and never kept). */
export function withoutPin(body: Record<string, unknown>): Record<string, unknown> {
  return 'Pin' in body ? { ...body, Pin: '[redigido]' } : body;
}
