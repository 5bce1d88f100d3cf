import { useEffect } from 'react';
import { create } from 'zustand';
import type { PaymentFormView } from '../../../shared/api/payments';
import { call, getBridge } from '../bridge';
import { useSale } from '../sale/store';

/** Before the list arrives: the forms every store has. */
const FALLBACK: PaymentFormView[] = [
  { code: 1, label: 'Dinheiro', key: '1', enabled: true, api: false, confirm: false },
  { code: 3, label: 'Cartão de Crédito', key: '2', enabled: true, api: false, confirm: false },
  { code: 4, label: 'Cartão de Débito', key: '3', enabled: true, api: false, confirm: false },
];

interface FormsState {
  forms: PaymentFormView[];
  load(): Promise<void>;
}

/** The store's enabled payment forms ("Formas de pagamento" in Pagamentos). */
export const usePaymentFormsStore = create<FormsState>((set) => ({
  forms: FALLBACK,
  load: async () => {
    const r = await call('payments.forms', {});
    // The common ones (with a digit shortcut) first, in shortcut order; then the rest by code.
    const rank = (f: PaymentFormView) => (f.key ? Number(f.key) : 100 + f.code);
    if (r.ok) set({ forms: withKeys(r.value.filter((f) => f.enabled).sort((a, b) => rank(a) - rank(b))) });
  },
}));

/** Keys for forms without a digit of their own: the free digits, then Shift + digit (a second row). */
const SPARE_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', ...['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((d) => `Shift+${d}`)];

/** Every enabled form gets a key: its own digit (1 Dinheiro … 6 Vale Refeição) or the next free one. */
export function withKeys(forms: PaymentFormView[]): PaymentFormView[] {
  const used = new Set(forms.map((f) => f.key).filter(Boolean));
  const spare = SPARE_KEYS.filter((k) => !used.has(k));
  return forms.map((f) => (f.key ? f : { ...f, key: spare.shift() ?? null }));
}

/** True when the key event is the form's key ("4", "Shift+1"). */
export function isFormKey(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey'>, key: string | null): boolean {
  if (!key) return false;
  if (key.startsWith('Shift+')) return e.shiftKey && e.code === `Digit${key.slice(6)}`;
  return !e.shiftKey && e.key === key;
}

export function usePaymentForms(): PaymentFormView[] {
  const forms = usePaymentFormsStore((s) => s.forms);
  useEffect(() => {
    void usePaymentFormsStore.getState().load();
  }, []);
  return forms;
}

export const isQrForm = (code: number | null): code is 17 | 18 => code === 17 || code === 18;

/**
 * Digit shortcuts of the payment dialog (1 Dinheiro, 2 Crédito, 3 Débito,
 * 4 PIX, 5 Vale Alimentação, 6 Vale Refeição, then 7, 8, 9, 0 and Shift + digit
 * for the other enabled forms) while no form is chosen and the focus is not in
 * a text field.
 */
export function usePaymentShortcuts(forms: PaymentFormView[], active: boolean, choose: (code: number) => void): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
      const f = forms.find((x) => isFormKey(e, x.key));
      if (!f) return;
      e.preventDefault();
      choose(f.code);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [forms, active, choose]);
}

/** Hint under the amount for the forms the cashier confirms by hand. */
export function tenderHint(code: number, label: string): string {
  if (code === 1) return 'Digite o valor entregue pelo cliente (ex.: 50,00). Enter adiciona.';
  if (code === 20) return 'PIX Estático: confira o crédito no aplicativo do banco e tecle Enter para confirmar.';
  if (code === 3 || code === 4) return `${label}: confirme na maquininha e tecle Enter.`;
  return `${label}: confira o pagamento e tecle Enter.`;
}

/**
 * The payment dialog is rebuilt from the core's state when it opens: the open
 * sale is read again (a PIX approved after a reload, while no panel listened, is
 * a payment already), then an open PIX charge goes straight to its panel, and so
 * does an approved one that paid what was left (APROVADO, "Finalizar").
 */
export function usePixResume(choose: (code: number) => void): void {
  useEffect(() => {
    let live = true;
    void (async () => {
      await useSale.getState().refresh();
      const r = await call('payments.pixCurrent', {});
      if (!live || !r.ok || !r.value) return;
      const t = useSale.getState().sale?.totals;
      const paidUp = !!t && t.paidCents >= t.netCents;
      if (['creating', 'unknown', 'pending', 'expired', 'cancelling'].includes(r.value.status) || (r.value.status === 'approved' && paidUp)) choose(r.value.formCode);
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}

/** A PIX approved, cancelled or refunded changes the open sale's payments: the sale screen reads it again. */
export function useFollowPix(): void {
  useEffect(
    () =>
      getBridge().on('payments.pixChanged', (v) => {
        if (v.status === 'approved' || v.status === 'cancelled' || v.status === 'refunded') void useSale.getState().refresh();
      }),
    [],
  );
}
