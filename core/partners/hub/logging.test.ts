import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANA, BRUNO, TOKEN, makeSale, newOpKey, setupHub, type HubKit } from '../../../test-support/hub-kit';

let kit: HubKit;
beforeEach(async () => {
  kit = await setupHub({ timeoutMs: 300 });
});
afterEach(async () => {
  await kit.close();
});

describe('hub call logs', () => {
  it('one line per call with route, GUID, HTTP status and duration; never the token, a CPF or a PIN', async () => {
    const c = kit.loyalty.client;
    const sale = makeSale();
    await c.cadastrarCliente({ cpf: ANA, name: 'Ana Souza' });
    await c.consultarSaldo(sale, { cpf: ANA });
    await c.enviarPin({ cpf: ANA, pinType: 1 });
    const pin = kit.sandbox.control.lastPin(ANA)!;
    const ok = await c.validarPin({ cpf: ANA, pin });
    // A partner message that echoes the CPF and the PIN, and failures of every kind.
    kit.sandbox.control.setFault({ route: 'ValidarPin', kind: 'business', mensagem: `PIN ${pin} do CPF 529.982.247-25 (${ANA}) expirado`, times: 1 });
    await c.validarPin({ cpf: ANA, pin }).catch(() => undefined);
    kit.sandbox.control.setFault({ route: 'ConsultarCampanha', kind: 'timeout', times: 1 });
    await c.consultarCampanha(sale, { cpf: ANA }).catch(() => undefined);
    kit.sandbox.control.setFault({ route: 'ResgatarSaldo', kind: 'drop', times: 1 });
    await c.resgatarSaldo(sale, { cpf: ANA }, { opKey: newOpKey() }).catch(() => undefined);
    await c.enviarPin({ cpf: BRUNO, pinType: 2 });

    const text = kit.logs.join('\n');
    expect(kit.logs).toHaveLength(8);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(TOKEN.slice(0, 20));
    expect(text).not.toContain(ANA);
    expect(text).not.toContain('529.982.247-25');
    expect(text).not.toContain(BRUNO);
    expect(text).not.toMatch(new RegExp(`(?<!\\d)${pin}(?!\\d)`));
    expect(kit.logs[3]).toMatch(new RegExp(`^\\[hub\\] ValidarPin guid=${ok.guid} http=200 \\d+ms ok$`));
    expect(kit.logs[4]).toMatch(/^\[hub\] ValidarPin guid=[0-9A-F-]{36} http=400 \d+ms business PIN \[pin\] do CPF \[cpf\] \(\[cpf\]\) expirado$/);
    expect(kit.logs[5]).toMatch(/^\[hub\] ConsultarCampanha guid=[0-9A-F-]{36} http=- \d+ms communication:timeout /);
    expect(kit.logs[6]).toMatch(/^\[hub\] ResgatarSaldo guid=[0-9A-F-]{36} http=- \d+ms communication:reset /);
  });

  it('the stored operation error message is redacted too', async () => {
    kit.sandbox.control.setFault({ route: 'ConsultarSaldo', kind: 'business', mensagem: `CPF ${ANA} bloqueado` });
    await kit.loyalty.client.consultarSaldo(makeSale(), { cpf: ANA }).catch(() => undefined);
    expect(kit.loyalty.operations.list()[0].errorMessage).toBe('CPF [cpf] bloqueado');
  });
});

describe('redact', () => {
  it('keeps a GUID whole even when its hex digits look like a CPF or the PIN', async () => {
    const { redact } = await import('../../kernel/redact');
    const guid = 'A5C628E1-6A03-40D9-B32C-52998224725C';
    expect(redact(`guid=${guid} CPF 52998224725 PIN 4725`, { pin: '4725' })).toBe(`guid=${guid} CPF [cpf] PIN [pin]`);
  });
});
