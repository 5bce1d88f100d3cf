import { useState } from 'react';
import type { Dashboard as DashboardData } from '../../../src/panel/dashboard-data';
import { get } from '../api';
import { FilterBar, useLoader, useScope } from '../filters';
import { formatBRL, formatDateTime } from '../format';
import { ErrorLine, Field } from '../ui';

function Kpi({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <section className="kpi" aria-label={label}>
      <h3>{label}</h3>
      <p className="value">{value}</p>
      {sub && <p className="sub">{sub}</p>}
    </section>
  );
}

/** Sales by hour: plain SVG bars (no chart library), the numbers also in the accessible name. */
function HourChart({ hours }: { hours: DashboardData['byHour'] }) {
  const max = Math.max(1, ...hours.map((h) => h.totalCents));
  const label = `Vendas por hora: ${hours.filter((h) => h.sales).map((h) => `${h.hour}h ${h.sales} vendas ${formatBRL(h.totalCents)}`).join('; ') || 'nenhuma venda'}`;
  return (
    <svg className="chart" viewBox="0 0 480 130" role="img" aria-label={label}>
      {hours.map((h) => {
        const height = Math.round((h.totalCents / max) * 100);
        return (
          <g key={h.hour}>
            <rect x={h.hour * 20 + 2} y={105 - height} width={16} height={height} className="bar" />
            {h.hour % 3 === 0 && (
              <text x={h.hour * 20 + 10} y={122} textAnchor="middle">
                {h.hour}h
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export function Dashboard() {
  const scope = useScope(0);
  const [minutes, setMinutes] = useState('30');
  const { value: data, error, load } = useLoader(() => get<DashboardData>('/v1/panel/dashboard', { ...scope.params(), minutos: minutes }));
  return (
    <div className="screen">
      <h1>Painel</h1>
      <FilterBar scope={scope} onSubmit={() => void load()} submitLabel="Atualizar">
        <Field label="Alerta sem sincronizar (minutos)">
          <input type="number" min={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} className="short" />
        </Field>
      </FilterBar>
      <ErrorLine error={error} />
      {data && (
        <>
          {data.staleTills.length > 0 && (
            <div role="alert" className="warn">
              <strong>
                {data.staleTills.length} caixa(s) sem sincronizar há mais de {data.staleMinutes} minutos:
              </strong>{' '}
              {data.staleTills.map((t) => `${t.storeName} / ${t.name} (${t.lastSeenAt ? formatDateTime(t.lastSeenAt) : 'nunca'})`).join(', ')}
            </div>
          )}
          <div className="kpis">
            <Kpi label="Total vendido" value={formatBRL(data.totalCents)} />
            <Kpi label="Vendas" value={String(data.sales)} />
            <Kpi label="Ticket médio" value={formatBRL(data.averageTicketCents)} />
            <Kpi label="Cancelamentos" value={String(data.cancelled.count)} sub={formatBRL(data.cancelled.totalCents)} />
            <Kpi label="Descontos" value={formatBRL(data.discountCents)} />
            <Kpi label="Bônus gerado" value={formatBRL(data.loyalty.bonusCents)} sub={`fidelidade · saldo resgatado ${formatBRL(data.loyalty.redeemedCents)}`} />
          </div>
          <div className="cols">
            <section aria-labelledby="h-forms" className="card">
              <h2 id="h-forms">Por forma de pagamento</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Forma</th>
                    <th scope="col">Qtde.</th>
                    <th scope="col">Total</th>
                  </tr>
                </thead>
                <tbody>
                  {data.byPaymentForm.map((f) => (
                    <tr key={f.formCode}>
                      <td>{f.name}</td>
                      <td className="num">{f.count}</td>
                      <td className="num">{formatBRL(f.totalCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="h-stores" className="card">
              <h2 id="h-stores">Por loja</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Loja</th>
                    <th scope="col">Vendas</th>
                    <th scope="col">Total</th>
                  </tr>
                </thead>
                <tbody>
                  {data.byStore.map((s) => (
                    <tr key={s.storeId}>
                      <td>{s.name}</td>
                      <td className="num">{s.sales}</td>
                      <td className="num">{formatBRL(s.totalCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="h-pix" className="card">
              <h2 id="h-pix">PIX por status</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Status</th>
                    <th scope="col">Qtde.</th>
                    <th scope="col">Total</th>
                  </tr>
                </thead>
                <tbody>
                  {data.pixByStatus.map((p) => (
                    <tr key={p.status}>
                      <td>{p.status}</td>
                      <td className="num">{p.count}</td>
                      <td className="num">{formatBRL(p.totalCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
          <section aria-labelledby="h-hours" className="card">
            <h2 id="h-hours">Vendas por hora</h2>
            <HourChart hours={data.byHour} />
          </section>
        </>
      )}
    </div>
  );
}
