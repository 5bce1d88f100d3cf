import { createContext, useContext, type ComponentType } from 'react';
import type { Output } from '../../shared/api';

/** A sale as the core returns it (through the contract's index: immune to how shared/api files are split). */
type Sale = Output<'sales.current'>;

/**
 * The places where one capability shows inside another's screen (Odoo POS's "extension at the same place"):
 * the sale screen's extra F-keys, the payment dialog's sections, "Opções da venda" in Minhas vendas, what
 * follows "Venda nº … finalizada". Their entries are listed in nav.tsx (THE registry) and reach the screens
 * through this context: a screen reads its slots with useSlots() and never imports nav.tsx back.
 */

/**
 * Extra actions on the sale screen: an F-key shown in the legend that opens a
 * dialog (e.g. "Identificar cliente"). The dialog gets `onClose`; focus goes
 * back to "Código ou EAN" after it closes.
 */
export interface SaleActionEntry {
  id: string;
  key: string;
  label: string;
  dialog: ComponentType<{ onClose: () => void }>;
  /** Shown (legend + key) only while `use()`/`now()` say so, e.g. loyalty only with the hub on. */
  visible?: { use: () => boolean; now: () => boolean };
}

/** Sections added to the payment dialog, under the tender buttons (e.g. loyalty redemption); they get the open sale. */
export interface PaymentSectionEntry {
  id: string;
  component: ComponentType<{ sale: Sale }>;
}

/**
 * "Opções da venda" in Minhas vendas (e.g. "Reimprimir", "Cancelar venda"). Each option renders its own
 * button(s) for the chosen sale and calls `refresh()` after changing it.
 */
export interface SaleOptionEntry {
  id: string;
  component: ComponentType<{ sale: Sale; refresh: () => void }>;
}

/** Shown with "Venda nº … finalizada" on the sale screen, for the sale just finished (e.g. "Imprimir comprovante"). */
export interface PostSaleEntry {
  id: string;
  component: ComponentType<{ saleId: string }>;
}

export interface Slots {
  saleActions: SaleActionEntry[];
  paymentSections: PaymentSectionEntry[];
  saleOptions: SaleOptionEntry[];
  postSaleSections: PostSaleEntry[];
}

const NONE: Slots = { saleActions: [], paymentSections: [], saleOptions: [], postSaleSections: [] };
const SlotsContext = createContext<Slots>(NONE);

/** Given by App with nav.tsx's lists. */
export const SlotsProvider = SlotsContext.Provider;

/** The slots of the running app (empty outside the App). */
export function useSlots(): Slots {
  return useContext(SlotsContext);
}
