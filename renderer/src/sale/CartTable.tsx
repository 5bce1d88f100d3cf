import { formatQuantity } from '../../../shared/quantity';
import { useEffect, useRef } from 'react';
import type { SaleLine } from '../../../shared/api/sales';
import { formatBRL } from '../ui/format';

interface Props {
  lines: SaleLine[];
  selectedLineId: number | null;
  onSelect(lineId: number): void;
}

/** The cart. The selected line (arrow keys in "Código ou EAN") is highlighted and kept in view. */
export function CartTable({ lines, selectedLineId, onSelect }: Props) {
  const selectedRef = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedLineId, lines.length]);

  return (
    <div className="cart">
      <table aria-label="Itens da venda">
        <thead>
          <tr>
            <th scope="col" className="num">#</th>
            <th scope="col">Código</th>
            <th scope="col">Descrição</th>
            <th scope="col" className="num">Qtd</th>
            <th scope="col" className="num">Unitário</th>
            <th scope="col" className="num">Desconto</th>
            <th scope="col" className="num">Total</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const selected = l.id === selectedLineId;
            return (
              <tr
                key={l.id}
                ref={selected ? selectedRef : undefined}
                aria-selected={selected}
                className={selected ? 'selected' : undefined}
                data-line-id={l.id}
                onClick={() => onSelect(l.id)}
              >
                <td className="num">{l.order}</td>
                <td className="code">{l.ean || l.productCode}</td>
                <td>{l.description}</td>
                <td className="num">
                  {formatQuantity(l.quantity, l.fractional)} <span className="unit">{l.unit}</span>
                </td>
                <td className="num">{formatBRL(l.unitPriceCents)}</td>
                <td className="num">{l.discountCents ? formatBRL(l.discountCents) : '—'}</td>
                <td className="num strong">{formatBRL(l.netCents)}</td>
              </tr>
            );
          })}
          {lines.length === 0 && (
            <tr className="empty-row">
              <td colSpan={7}>Nenhum item. Leia um código de barras ou use F2 para buscar pelo nome.</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
