import { describe, expect, it } from 'vitest';
import { auditLabel } from './AuditScreen';

describe('auditLabel', () => {
  it('never shows a raw identifier (issue 21: "caixa.fecharComDiferenca" in Auditoria)', () => {
    expect(auditLabel('caixa.fecharComDiferenca')).toBe('Fechamento de caixa com diferença');
    expect(auditLabel('aprovacao.concedida')).toBe('Aprovação do gerente');
    expect(auditLabel('venda.cancelar')).toBe('Cancelamento de venda');
    expect(auditLabel('configuracoes.payments.saveSettings')).toBe('Configurações alteradas');
    expect(auditLabel('venda.novaCoisaQualquer')).toBe('Venda: nova coisa qualquer');
    expect(auditLabel('algo')).toBe('Ação');
  });
});
