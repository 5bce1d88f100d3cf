import { DEFAULT_TCP_PORTS, type PrinterSettings } from '../../shared/api/printing';

/** Where the printer settings live in the settings table. */
export const SETTINGS_KEY = 'printer.settings';

/** What a till prints with before anyone opens "Impressora" (Epson, 80 mm, PC860, automatic receipt). */
export function defaultSettings(storeName: string): PrinterSettings {
  return {
    type: 'EPSON',
    interface: '',
    tcpPorts: DEFAULT_TCP_PORTS,
    paperMm: 80,
    characterSet: 'PC860_PORTUGUESE',
    cut: true,
    drawerPulse: true,
    autoPrint: true,
    barcode: true,
    statusCheck: true,
    storeName,
    storeCnpj: '',
    storeAddress: '',
  };
}
