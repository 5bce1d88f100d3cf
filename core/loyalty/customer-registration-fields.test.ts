import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { partnerLabel } from '../../shared/api/loyalty';
import { buildCadastrarCliente } from '../partners/hub/builders';
import { maskEmail, maskMobile } from './counter';
import { setupHub, CARLA, NEWCOMER, type HubKit } from '../../test-support/hub-kit';

describe('what the cashier picks and the hub receives when registering a customer', () => {
  it('partner select: the product name is not repeated', () => {
    expect(partnerLabel({ name: 'Hub Fidelidade Sandbox (Seta)', productDescription: 'Seta' })).toBe('Hub Fidelidade Sandbox (Seta)');
    expect(partnerLabel({ name: 'Hub Fidelidade Sandbox', productDescription: 'Microvix' })).toBe('Hub Fidelidade Sandbox (Microvix)');
  });

  it('CadastrarCliente: DataNascimento null when unknown (never "")', () => {
    expect(buildCadastrarCliente('G', { cpf: CARLA, name: 'Carla' }).DataNascimento).toBeNull();
    expect(buildCadastrarCliente('G', { cpf: CARLA, name: 'Carla', birthDate: '' }).DataNascimento).toBeNull();
    expect(buildCadastrarCliente('G', { cpf: CARLA, name: 'Carla', birthDate: '1990-05-01' }).DataNascimento).toBe('1990-05-01');
    expect(() => buildCadastrarCliente('G', { cpf: CARLA, name: 'Carla', birthDate: '01/05/1990' })).toThrow();
  });

  it('PIN destinations are masked', () => {
    expect(maskMobile('11987654321')).toBe('(11) *****-4321');
    expect(maskEmail('bruno@example.com')).toBe('b***@example.com');
  });
});

describe('sandbox hub: DataNascimento typed as a date', () => {
  let kit: HubKit;
  beforeEach(async () => {
    kit = await setupHub();
  });
  afterEach(() => kit.close());

  const post = (birth: unknown) =>
    fetch(`${kit.sandbox.url}/CadastrarCliente`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Authorization: 't', cnpj: '54517628001593', tipo_ambiente: '0', produto_descricao: 'Microvix' },
      body: JSON.stringify({ ...buildCadastrarCliente(crypto.randomUUID().toUpperCase(), { cpf: NEWCOMER, name: 'Novo' }), DataNascimento: birth }),
    });

  it.each([[''], ['31/12/1990'], ['ontem']])('refuses %j (400)', async (v) => {
    const res = await post(v);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { Mensagem: string }).Mensagem).toMatch(/DataNascimento/);
  });
  it.each([[null], ['1990-12-31'], ['1990-12-31T00:00:00.000Z']])('accepts %j', async (v) => {
    expect((await post(v)).status).toBe(200);
  });
});
