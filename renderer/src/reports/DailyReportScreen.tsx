import { useCallback, useEffect, useState, Fragment } from 'react';
import type { DailyReport } from '../../../shared/api/reports';
import { formatBRL } from '../ui/format';
import { call } from '../bridge';
import { Alert } from '../ui/Dialog';
import { ExportMenu } from './ExportMenu';
import { HourChart } from './HourChart';
import { PeriodControls } from './PeriodControls';
import { isDate, periodToIso, shortcut, tzOffsetMinutes, type Period } from './period';
import './backoffice.css';

/** "Relatório do dia": any period; totals by form and operator, ticket, cancellations, discounts, loyalty, chart. */
/** A card form's rows by bandeira, when at least one tender of it has one (otherwise nothing to split). */
function brandRows(report: DailyReport, formCode: number) {
  const rows = report.byCardBrand.filter((c) => c.formCode === formCode);
  return rows.some((c) => c.brand !== 'Não informada') ? rows : [];
}

export function DailyReportScreen() {
  const [period, setPeriod] = useState<Period>(() => shortcut('Hoje'));
  const [report, setReport] = useState<DailyReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (p: Period) => {
    if (!isDate(p.from) || !isDate(p.to)) return setError('Período inválido: preencha as datas "De" e "Até".');
    if (p.from > p.to) return setError('Período: a data "De" é depois da data "Até".');
    const iso = periodToIso(p);
    const r = await call('reports.daily', { from: iso.from!, to: iso.to!, tzOffsetMinutes: tzOffsetMinutes() });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setReport(r.value);
  }, []);

  useEffect(() => {
    void load(period);
  }, [load, period]);

  return (
    <div className="page report-screen">
      <h1>Relatório do dia</h1>
      <div className="list-head">
        <PeriodControls value={period} onChange={setPeriod} />
        {report && <ExportMenu target={{ kind: 'report', from: report.from, to: report.to, tzOffsetMinutes: tzOffsetMinutes() }} />}
      </div>
      <Alert text={error} />
      {report && (
        <>
          <section aria-label="Resumo do período" className="bo-panel">
            <dl className="figures">
              <dt>Vendas</dt>
              <dd>{report.salesCount}</dd>
              <dt>Total vendido</dt>
              <dd>{formatBRL(report.totalCents)}</dd>
              <dt>Ticket médio</dt>
              <dd>{formatBRL(report.averageTicketCents)}</dd>
              <dt>Cancelamentos</dt>
              <dd>
                {report.cancelledCount} ({formatBRL(report.cancelledCents)})
              </dd>
              <dt>Descontos nos itens</dt>
              <dd>{formatBRL(report.itemDiscountCents)}</dd>
              <dt>Descontos na venda</dt>
              <dd>{formatBRL(report.saleDiscountCents)}</dd>
              <dt>Saldo fidelidade resgatado</dt>
              <dd>{formatBRL(report.redeemedCents)}</dd>
              <dt>Bônus fidelidade gerado</dt>
              <dd>{formatBRL(report.bonusCents)}</dd>
            </dl>
          </section>
          <div className="bo-grid">
            <table aria-label="Por forma de pagamento">
              <thead>
                <tr>
                  <th scope="col">Forma de pagamento</th>
                  <th scope="col" className="num">Vendas</th>
                  <th scope="col" className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {report.byForm.map((f) => (
                  <Fragment key={f.formCode}>
                    <tr>
                      <th scope="row">{f.formName}</th>
                      <td className="num">{f.count}</td>
                      <td className="num">{formatBRL(f.totalCents)}</td>
                    </tr>
                    {brandRows(report, f.formCode).map((c) => (
                        <tr key={`${f.formCode}-${c.brand}`} className="sub">
                          <th scope="row" aria-label={`bandeira ${c.brand}`}>
                            &nbsp;&nbsp;↳ {c.brand}
                          </th>
                          <td className="num">{c.count}</td>
                          <td className="num">{formatBRL(c.totalCents)}</td>
                        </tr>
                    ))}
                  </Fragment>
                ))}
              </tbody>
            </table>
            <table aria-label="Por operador">
              <thead>
                <tr>
                  <th scope="col">Operador</th>
                  <th scope="col" className="num">Vendas</th>
                  <th scope="col" className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {report.byOperator.map((o) => (
                  <tr key={o.operatorName}>
                    <th scope="row">{o.operatorName}</th>
                    <td className="num">{o.count}</td>
                    <td className="num">{formatBRL(o.totalCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <HourChart data={report.byHour} />
        </>
      )}
    </div>
  );
}
