import { useEffect, useRef } from 'react';
import type { Shift } from '../../../shared/api/shifts';
import { formatBRL } from '../ui/format';

/** After "Fechar caixa": expected, counted and the difference per form (now they may be seen). */
export function ClosingResult({ shift, onContinue }: { shift: Shift; onContinue: () => void }) {
  const h = useRef<HTMLHeadingElement>(null);
  useEffect(() => h.current?.focus(), []);
  return (
    <div className="page">
      <h1 ref={h} tabIndex={-1}>
        Caixa nº {shift.id} fechado
      </h1>
      <table aria-label="Conferência do caixa" className="bo-panel">
        <thead>
          <tr>
            <th scope="col">Forma de pagamento</th>
            <th scope="col" className="num">Esperado</th>
            <th scope="col" className="num">Contado</th>
            <th scope="col" className="num">Diferença</th>
          </tr>
        </thead>
        <tbody>
          {(shift.closing ?? []).map((l) => (
            <tr key={l.formCode}>
              <th scope="row">{l.formName}</th>
              <td className="num">{formatBRL(l.expectedCents)}</td>
              <td className="num">{formatBRL(l.countedCents)}</td>
              <td className="num">{formatBRL(l.differenceCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" className="summary">
        Diferença total: {formatBRL(shift.differenceCents ?? 0)}
        {shift.approvedBy ? ` · aprovada por ${shift.approvedBy}` : ''}
      </p>
      <p className="hint">O relatório de fechamento foi enviado para a impressora.</p>
      <button type="button" className="primary" onClick={onContinue}>
        Continuar
      </button>
    </div>
  );
}
