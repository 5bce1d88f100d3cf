import type { DailyReport } from '../../../shared/api/reports';
import { formatBRL } from '../ui/format';

const W = 720;
const H = 220;
const PAD = { left: 8, right: 8, top: 16, bottom: 26 };

/** Sales by hour as plain SVG drawn by React (no library, works offline and under the Electron CSP). */
export function HourChart({ data }: { data: DailyReport['byHour'] }) {
  const max = Math.max(1, ...data.map((d) => d.totalCents));
  const slot = (W - PAD.left - PAD.right) / 24;
  const plotH = H - PAD.top - PAD.bottom;
  const summary = data
    .filter((d) => d.count > 0)
    .map((d) => `${d.hour}h: ${d.count} venda(s), ${formatBRL(d.totalCents)}`)
    .join('; ');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Vendas por hora. ${summary || 'Nenhuma venda no período.'}`}>
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#6b7280" />
        {data.map((d) => {
          const h = Math.round((d.totalCents / max) * plotH);
          const x = PAD.left + d.hour * slot;
          return (
            <g key={d.hour} data-hour={d.hour} data-count={d.count} data-total={d.totalCents}>
              {d.count > 0 && (
                <rect className="bar" x={x + 3} y={H - PAD.bottom - h} width={slot - 6} height={Math.max(h, 1)}>
                  <title>{`${d.hour}h: ${d.count} venda(s), ${formatBRL(d.totalCents)}`}</title>
                </rect>
              )}
              {d.count > 0 && (
                <text x={x + slot / 2} y={H - PAD.bottom - h - 4} textAnchor="middle">
                  {d.count}
                </text>
              )}
              {d.hour % 2 === 0 && (
                <text x={x + slot / 2} y={H - 8} textAnchor="middle">
                  {`${d.hour}h`}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="hint">Vendas por hora (altura = valor; número = quantidade de vendas)</figcaption>
    </figure>
  );
}
