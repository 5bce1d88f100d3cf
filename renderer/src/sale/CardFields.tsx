import { useEffect, useState } from 'react';
import type { CardRules } from '../../../shared/api/payments';
import { CARD_BRANDS, type CardDetails } from '../../../shared/api/sales';
import { call } from '../bridge';

const CREDIT = 3;
const NO_RULES: CardRules = { brand: false, nsu: false, authorization: false };

export function isCardForm(form: number | null): form is 3 | 4 {
  return form === 3 || form === 4;
}

/** Which card details "Pagamentos" requires (loaded once per payment dialog). */
export function useCardRules(): CardRules {
  const [rules, setRules] = useState<CardRules>(NO_RULES);
  useEffect(() => {
    void call('payments.cardRules', {}).then((r) => r.ok && setRules(r.value));
  }, []);
  return rules;
}

const req = (on: boolean, label: string) => (on ? `${label} (obrigatório)` : label);

/**
 * "Bandeira", "Parcelas" (crédito only), "NSU", "Autorização" as typed from the card machine's slip,
 * inside the tender form (Enter in any of them adds the payment).
 */
export function CardFields({ formCode, rules }: { formCode: 3 | 4; rules: CardRules }) {
  return (
    <fieldset className="card-fields">
      <legend>Dados do cartão</legend>
      <label htmlFor="card-brand">{req(rules.brand, 'Bandeira')}</label>
      <select id="card-brand" name="cardBrand" defaultValue="" aria-label="Bandeira">
        <option value="">—</option>
        {CARD_BRANDS.map((b) => (
          <option key={b} value={b}>
            {b === 'Outras' ? 'outras' : b}
          </option>
        ))}
      </select>
      {formCode === CREDIT && (
        <>
          <label htmlFor="card-installments">Parcelas</label>
          <select id="card-installments" name="cardInstallments" defaultValue="1" aria-label="Parcelas">
            {Array.from({ length: 12 }, (_, i) => (
              <option key={i + 1} value={i + 1}>
                {i + 1}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor="card-nsu">{req(rules.nsu, 'NSU')}</label>
      <input id="card-nsu" name="cardNsu" autoComplete="off" maxLength={20} aria-label="NSU" />
      <label htmlFor="card-auth">{req(rules.authorization, 'Autorização')}</label>
      <input id="card-auth" name="cardAuthorization" autoComplete="off" maxLength={12} aria-label="Autorização" />
    </fieldset>
  );
}

/** The card details typed in the tender form, or the first problem (pt-BR) a cashier can fix. */
export function cardFromForm(form: HTMLFormElement, formCode: 3 | 4, rules: CardRules): CardDetails | string {
  const data = new FormData(form);
  const text = (k: string) => String(data.get(k) ?? '').trim();
  const brand = (text('cardBrand') || null) as CardDetails['brand'];
  const nsu = text('cardNsu') || null;
  const authorization = text('cardAuthorization') || null;
  const installments = formCode === CREDIT ? Number(text('cardInstallments') || '1') : null;
  if (rules.brand && !brand) return 'Informe a Bandeira do cartão.';
  if (rules.nsu && !nsu) return 'Informe o NSU do comprovante da maquininha.';
  if (rules.authorization && !authorization) return 'Informe a Autorização do comprovante da maquininha.';
  if (nsu && !/^[0-9A-Za-z]{1,20}$/.test(nsu)) return 'NSU: até 20 letras ou números.';
  if (authorization && !/^[0-9A-Za-z]{1,12}$/.test(authorization)) return 'Autorização: até 12 letras ou números.';
  return { brand, installments, nsu, authorization };
}
