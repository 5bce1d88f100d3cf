import type { Migration } from './types';

/** The personal fields a hub request may carry (kept in step with core/partners/hub/stored-request.ts PERSONAL_KEYS). */
const PERSONAL_KEYS = [
  'Nome', 'RG', 'EstadoCivil', 'DataNascimento', 'Sexo', 'Profissao', 'NomeMae', 'NomePai', 'NomeConjuge', 'Naturalidade',
  'Escolariedade', 'RendaMensal', 'NumeroDependentes', 'LocalDeTrabalho', 'TempoNoAtualEmprego', 'Endereco', 'Contato',
  'Celular', 'Email', 'Telefone',
];

/**
 * 009 security: personal data written at rest by earlier versions is
 * redacted — CadastrarCliente/EnviarPin request bodies in hub_operations, and
 * the same bodies in outbox rows already delivered (pending rows keep theirs:
 * the outbox must still send them). The CPF stays (it identifies the customer).
 */
export const m009Security: Migration = {
  version: 9,
  name: 'security',
  up(db) {
    const args = (prefix: string) => PERSONAL_KEYS.map((k) => `'${prefix}${k}', '[redigido]'`).join(', ');
    db.exec(`
      UPDATE hub_operations SET request_json = json_replace(request_json, ${args('$.')})
        WHERE route IN ('CadastrarCliente', 'EnviarPin') AND json_valid(request_json);
      UPDATE outbox SET payload_json = json_replace(payload_json, ${args('$.body.')})
        WHERE kind IN ('hub.CadastrarCliente', 'hub.EnviarPin') AND status = 'done' AND json_valid(payload_json);
    `);
  },
};
