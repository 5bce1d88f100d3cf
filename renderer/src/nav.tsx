import type { ComponentType } from 'react';
import type { PaymentSectionEntry, PostSaleEntry, SaleActionEntry, SaleOptionEntry, Slots } from './slots';
import { ImportCatalogScreen } from './catalog/ImportCatalogScreen';
import { SaleScreen } from './sale/SaleScreen';
import { MySalesScreen } from './sales/MySalesScreen';
import { PostSalePrint } from './printing/PostSalePrint';
import { HubSettingsScreen } from './loyalty/HubSettingsScreen';
import { RetaguardaSettingsScreen } from './retaguarda/RetaguardaSettingsScreen';
import { PaymentSettingsScreen } from './payments/PaymentSettingsScreen';
import { PixSaleStatus } from './payments/PixSaleStatus';
import { PrinterSettingsScreen } from './printing/PrinterSettingsScreen';
import { ScaleSettingsScreen } from './scale/ScaleSettingsScreen';
import { PrintQueueIndicator } from './printing/PrintQueueIndicator';
import { ReprintOption } from './printing/PrintReceiptMenu';
import { counterVisible, IdentifyAction } from './counter/CustomerBar';
import { PreSalesDialog, SavePreSaleDialog } from './counter/PreSales';
import { LoyaltyPaymentInfo, LoyaltySaleInfo } from './counter/SaleInfo';
import { SaleSyncNote } from './sync/SaleSyncNote';
import { SyncBadge } from './sync/SyncBadge';
import { SyncScreen } from './sync/SyncScreen';
import { CancelSaleOption } from './cancellation/CancelSaleOption';
import { AuditScreen } from './users/AuditScreen';
import { LockButton } from './users/LockButton';
import { gateSettingsScreens } from './users/settingsGate';
import { UsersScreen } from './users/UsersScreen';
import { ShiftScreen } from './shifts/ShiftScreen';
import { DailyReportScreen } from './reports/DailyReportScreen';

/**
 * THE navigation registry. To add a screen, import its component and append
 * one entry to `screens` — it appears in the top menu (and on its F-key, if
 * any); settings screens take `group: 'settings'` and appear under the
 * "Configurações" menu button (e2e specs open any screen with
 * `openScreen(page, title)` from e2e/fixtures.ts). Keep `id`s stable: tests
 * and other screens navigate with `useNav.getState().go(id)`.
 *
 *   { id: 'printer', title: 'Impressora', component: PrinterSettingsScreen },
 *
 * F-keys F2–F10 and Delete belong to the sale screen (see `saleActions` to add
 * one there). Taken: F1 Venda, F6 Identificar cliente, F7/F9 pré-venda, F11 Minhas vendas, F12 Bloquear (users/LockButton).
 */
export interface ScreenEntry {
  id: string;
  /** pt-BR, shown in the menu and as the screen's heading. */
  title: string;
  /** Global key that opens the screen, e.g. 'F11'. */
  key?: string;
  /**
   * 'settings': listed under the top bar's "Configurações" menu button
   * instead of as a top-level entry (keeps the bar on one row at 1024 px).
   * 'widget': opened from its top-bar widget (e.g. the sync badge opens
   * "Sincronização"), not listed again in the menu.
   */
  group?: 'settings' | 'widget';
  component: ComponentType;
}

export const screens: ScreenEntry[] = [
  { id: 'sale', title: 'Venda', key: 'F1', component: SaleScreen },
  { id: 'my-sales', title: 'Minhas vendas', key: 'F11', component: MySalesScreen },
  { id: 'shift', title: 'Caixa', component: ShiftScreen },
  { id: 'daily-report', title: 'Relatório do dia', component: DailyReportScreen },
  { id: 'catalog-import', title: 'Importar catálogo', group: 'settings', component: ImportCatalogScreen },
  { id: 'printer', title: 'Impressora', group: 'settings', component: PrinterSettingsScreen },
  { id: 'hub-fidelidade', title: 'Hub Fidelidade (Novo)', group: 'settings', component: HubSettingsScreen },
  { id: 'users', title: 'Usuários', group: 'settings', component: UsersScreen },
  { id: 'audit', title: 'Auditoria', group: 'settings', component: AuditScreen },
  { id: 'payments', title: 'Pagamentos', group: 'settings', component: PaymentSettingsScreen },
  { id: 'scale', title: 'Balança', group: 'settings', component: ScaleSettingsScreen },
  { id: 'retaguarda', title: 'Retaguarda', group: 'settings', component: RetaguardaSettingsScreen },
  { id: 'sync', title: 'Sincronização', group: 'widget', component: SyncScreen },
];

/** The sale screen's extra F-keys (slots.tsx): use a free key (F6, F7; F9 is "Pré-vendas", F12 "Bloquear"). */
export const saleActions: SaleActionEntry[] = [
  { id: 'identify-customer', key: 'F6', label: 'Identificar cliente', dialog: IdentifyAction, visible: counterVisible },
  { id: 'presale-save', key: 'F7', label: 'Salvar pré-venda', dialog: SavePreSaleDialog },
  { id: 'presales', key: 'F9', label: 'Pré-vendas', dialog: PreSalesDialog },
];

/** Sections of the payment dialog (slots.tsx). */
export const paymentSections: PaymentSectionEntry[] = [{ id: 'loyalty-payment', component: LoyaltyPaymentInfo }];

/** "Opções da venda" in Minhas vendas (slots.tsx). */
export const saleOptions: SaleOptionEntry[] = [
  { id: 'reprint', component: ReprintOption },
  { id: 'loyalty-info', component: LoyaltySaleInfo },
  { id: 'cancel', component: CancelSaleOption },
  { id: 'pix-status', component: PixSaleStatus },
];

/** Shown with "Venda nº … finalizada" (slots.tsx). */
export const postSaleSections: PostSaleEntry[] = [
  { id: 'print-receipt', component: PostSalePrint },
  { id: 'sync-note', component: SaleSyncNote },
];

/** The slots screens read with useSlots() (renderer/src/slots.tsx): given to them by App, never imported back. */
export const slots: Slots = { saleActions, paymentSections, saleOptions, postSaleSections };

/** Always-visible widgets in the top bar (e.g. the print queue). */
export interface TopbarEntry {
  id: string;
  component: ComponentType;
}
export const topbarWidgets: TopbarEntry[] = [
  { id: 'print-queue', component: PrintQueueIndicator },
  { id: 'sync-badge', component: SyncBadge },
  { id: 'lock', component: LockButton },
];

// Configurações is for Gerentes (an Operador is asked for "PIN do gerente"): keep this after every screen entry.
gateSettingsScreens(screens);
