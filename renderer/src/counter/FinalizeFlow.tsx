import { useEffect, useRef, useState } from 'react';
import type { CampaignsView, LoyaltyOutcome } from '../../../shared/api/loyalty';
import type { LoyaltyCampaign } from '../../../shared/api/loyalty';
import { formatBRL } from '../ui/format';
import { call } from '../bridge';
import { useSale } from '../sale/store';
import { Alert, Dialog } from '../ui/Dialog';
import { useCounter } from './counterStore';

/** True when "Finalizar" must go through the loyalty flow (customer identified, hub on). */
export function needsLoyaltyFinalize(): boolean {
  const s = useCounter.getState();
  return s.enabled && s.customer !== null;
}

const day = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('pt-BR', { timeZone: 'UTC' });
};

type Stage =
  | { kind: 'querying' }
  | { kind: 'campaigns'; view: Extract<CampaignsView, { status: 'ok' }> }
  | { kind: 'finalizing' }
  | { kind: 'result'; outcome: LoyaltyOutcome | null; saleId: string; queued: boolean }
  | { kind: 'error'; message: string };

/**
 * "Finalizar" with loyalty: ConsultarCampanha (bounded) → "Campanhas" → the
 * commit (ResgatarSaldo + GerarBonus queued with the sale) → the bonus.
 */
export function LoyaltyFinalize({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const [stage, setStage] = useState<Stage>({ kind: 'querying' });
  const started = useRef(false);

  const finalize = async (campaign: LoyaltyCampaign | null, queued: boolean) => {
    setStage({ kind: 'finalizing' });
    const r = await call('loyalty.counter.finalize', {
      campaignId: campaign?.id ?? null,
      campaignDescription: campaign?.description ?? null,
      campaignsQueued: queued,
    });
    if (!r.ok) return setStage({ kind: 'error', message: r.error.message });
    const { sale, next, outcome } = r.value;
    useSale.setState({
      finalized: { id: sale.id, number: sale.documentNumber, series: sale.series, changeCents: sale.totals.changeCents, netCents: sale.totals.netCents },
      notice: null,
      sale: next,
      selectedLineId: null,
    });
    void useCounter.getState().refresh();
    if (!outcome || (outcome.bonus === 'none' && outcome.warnings.length === 0)) return onDone();
    setStage({ kind: 'result', outcome, saleId: sale.id, queued });
  };

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      const r = await call('loyalty.counter.campaigns', {});
      if (!r.ok) return setStage({ kind: 'error', message: r.error.message });
      const v = r.value;
      if (v.status === 'ok' && v.campaigns.length > 0) {
        // A campaign worth R$ 0,00 is not a choice: offer only those that give a bonus; none → the first, no question.
        const worth = v.campaigns.filter((c) => c.discountCents > 0);
        if (worth.length === 0) return finalize(v.campaigns[0], false);
        return setStage({ kind: 'campaigns', view: { ...v, campaigns: worth } });
      }
      await finalize(null, v.status === 'unavailable');
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (stage.kind === 'campaigns') return <CampaignsDialog view={stage.view} onChoose={(c) => void finalize(c, false)} onClose={onCancel} />;
  if (stage.kind === 'result') return <BonusResult outcome={stage.outcome!} saleId={stage.saleId} onClose={onDone} />;
  if (stage.kind === 'error') {
    return (
      <Dialog title="Não foi possível finalizar" onClose={onCancel}>
        <Alert text={stage.message} />
        <div className="actions">
          <button type="button" data-autofocus onClick={onCancel}>
            Fechar
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Finalizando" onClose={() => {}}>
      <p role="status">{stage.kind === 'querying' ? 'Consultando campanhas no Hub Fidelidade…' : 'Finalizando a venda e gerando o bônus…'}</p>
    </Dialog>
  );
}

/** "Campanhas": radios (first preselected); "Não Bonificar" only when the hub allows it. */
function CampaignsDialog({ view, onChoose, onClose }: { view: Extract<CampaignsView, { status: 'ok' }>; onChoose: (c: LoyaltyCampaign | null) => void; onClose: () => void }) {
  const [chosen, setChosen] = useState(view.campaigns[0].id);
  return (
    <Dialog title="Campanhas" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onChoose(view.campaigns.find((c) => c.id === chosen) ?? view.campaigns[0]);
        }}
      >
        <fieldset>
          <legend>Escolha a campanha desta venda</legend>
          <ul className="campaign-list">
            {view.campaigns.map((c, i) => (
              <li key={c.id}>
                <label>
                  <input type="radio" name="campaign" value={c.id} checked={chosen === c.id} data-autofocus={i === 0 ? true : undefined} onChange={() => setChosen(c.id)} />{' '}
                  <strong>{c.description}</strong>
                </label>
                {c.note && <div className="hint">{c.note}</div>}
                <div className="hint">
                  Bônus: {formatBRL(c.discountCents)} · {day(c.startsAt)} a {day(c.endsAt)}
                </div>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary big">
            Finalizar
          </button>
          {view.allowNoBonus && (
            <button type="button" onClick={() => onChoose(null)}>
              Não Bonificar
            </button>
          )}
          <button type="button" onClick={onClose}>
            Voltar
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** After the commit: the bonus, or the warning (bonus failed / queued / reversal pending). */
function BonusResult({ outcome: first, saleId, onClose }: { outcome: LoyaltyOutcome; saleId: string; onClose: () => void }) {
  const [outcome, setOutcome] = useState(first);
  const [busy, setBusy] = useState(false);
  const title =
    outcome.bonus === 'failed' ? 'Não foi possível gerar o bônus' : outcome.bonus === 'pending' ? 'Bônus pendente' : 'Fidelidade';
  const retryReversal = async () => {
    setBusy(true);
    const r = await call('loyalty.counter.retryReversal', { saleId });
    setBusy(false);
    if (r.ok && r.value) setOutcome(r.value);
  };
  return (
    <Dialog title={title} onClose={onClose}>
      {outcome.bonus === 'done' && (
        <dl className="figures">
          <dt id="bonus-used">Saldo fidelidade utilizado</dt>
          <dd>
            <output aria-labelledby="bonus-used">{formatBRL(outcome.redemptionCents)}</output>
          </dd>
          <dt id="bonus-gen">Bônus gerado nesta venda</dt>
          <dd>
            <output aria-labelledby="bonus-gen">{formatBRL(outcome.generatedCents)}</output>
          </dd>
          {outcome.balanceCents !== null && (
            <>
              <dt id="bonus-bal">Saldo atual</dt>
              <dd>
                <output aria-labelledby="bonus-bal">{formatBRL(outcome.balanceCents)}</output>
              </dd>
            </>
          )}
        </dl>
      )}
      {outcome.campaign && <p className="hint">Campanha: {outcome.campaign.description}</p>}
      {outcome.message && <p className="complement">{outcome.message}</p>}
      {outcome.warnings.map((w) => (
        <p key={w} className="warning" role="alert">
          {w}
        </p>
      ))}
      {outcome.reversal && (
        <p className="warning" role="alert">
          O estorno do saldo (EstornarVenda) não foi concluído: {outcome.reversal.message ?? 'sem resposta do parceiro'}. Ele continua pendente.
        </p>
      )}
      <div className="actions">
        {outcome.reversal && (
          <button type="button" className="primary" disabled={busy} onClick={() => void retryReversal()}>
            Tentar Novamente
          </button>
        )}
        <button type="button" data-autofocus onClick={onClose}>
          Fechar
        </button>
      </div>
    </Dialog>
  );
}
