import { useEffect, useState, type FormEvent } from 'react';
import type { PrinterSettings, ReceiptPreview as Preview } from '../../../shared/api/printing';
import { formatCnpj, isValidCnpj, onlyDigits } from '../../../shared/cpf';
import { call } from '../bridge';
import { Alert } from '../ui/Dialog';
import { usePrint } from './printStore';
import { ReceiptPreview } from './ReceiptPreview';
import { ServerOwnedNote, useServerOwned } from '../retaguarda/serverOwned';
import './printing.css';

const TYPES: [PrinterSettings['type'], string][] = [
  ['EPSON', 'EPSON / ESC/POS (Epson, Elgin, Bematech, Daruma, Tanca…)'],
  ['STAR', 'STAR (Star Line Mode)'],
  ['TANCA', 'TANCA'],
  ['CUSTOM', 'CUSTOM'],
];

/** The first problem a person can fix before saving (pt-BR, names the field), or null. */
function checkSettings(s: PrinterSettings): { field: string; message: string } | null {
  const tooLong = (field: string, name: string, value: string, max: number) =>
    value.length > max ? { field, message: `${name} com ${value.length} caracteres: o máximo é ${max}.` } : null;
  if (!s.storeName.trim()) return { field: 'pr-name', message: 'Preencha o Nome da loja no cupom.' };
  return (
    tooLong('pr-iface', 'Endereço da impressora', s.interface.trim(), 300) ??
    tooLong('pr-ports', 'Portas TCP permitidas', s.tcpPorts.trim(), 100) ??
    tooLong('pr-name', 'Nome da loja no cupom', s.storeName, 60) ??
    (s.storeCnpj.trim() && !isValidCnpj(s.storeCnpj)
      ? { field: 'pr-cnpj', message: `CNPJ no cupom inválido: "${s.storeCnpj.trim()}". Digite os 14 dígitos (ex.: 54.517.628/0015-93) ou deixe em branco.` }
      : null) ??
    tooLong('pr-address', 'Endereço no cupom', s.storeAddress, 200)
  );
}

/** "Impressora": printer type, address, paper, code page, cut, drawer, automatic print, test page. */
/** The saved CNPJ as people read it (00.000.000/0000-00); anything that is not 14 digits is shown as saved. */
function withCnpjShown(settings: PrinterSettings): PrinterSettings {
  const digits = onlyDigits(settings.storeCnpj);
  return digits.length === 14 ? { ...settings, storeCnpj: formatCnpj(digits) } : settings;
}

export function PrinterSettingsScreen() {
  const [s, setS] = useState<PrinterSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  // Paired with the Retaguarda: the receipt header is the store's (the printer itself stays this till's).
  const paired = useServerOwned();

  useEffect(() => {
    usePrint.getState().start();
    void call('printing.getSettings', {}).then((r) => (r.ok ? setS(withCnpjShown(r.value)) : setError(r.error.message)));
  }, []);

  if (!s) return <div className="page"><h1>Impressora</h1><Alert text={error} /></div>;

  const header = paired ? { readOnly: true, 'aria-describedby': 'pr-header-owned' } : {};
  const set = <K extends keyof PrinterSettings>(k: K, v: PrinterSettings[K]) => {
    setSaved(null);
    setS({ ...s, [k]: v });
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    const problem = checkSettings(s);
    if (problem) {
      setSaved(null);
      setError(problem.message);
      document.getElementById(problem.field)?.focus();
      return false;
    }
    const r = await call('printing.saveSettings', s);
    if (r.ok) {
      setS(withCnpjShown(r.value));
      setSaved('Configurações da impressora salvas.');
      return true;
    }
    setError(r.error.message);
    return false;
  };

  const test = async () => {
    setBusy(true);
    try {
      if (!(await save())) return;
      const r = await call('printing.test', {});
      if (r.ok) {
        usePrint.getState().show(r.value);
        setSaved(r.value.status === 'done' ? 'Teste enviado: confira a impressora.' : null);
        if (r.value.status !== 'done') setError(`Não foi possível imprimir o teste: ${r.value.lastError ?? ''}`);
      } else setError(r.error.message);
    } finally {
      setBusy(false);
    }
  };

  const showLast = async () => {
    const list = await call('sales.list', { status: 'finalizada', limit: 1 });
    if (!list.ok || list.value.length === 0) return setError('Nenhuma venda finalizada para visualizar.');
    const r = await call('printing.preview', { saleId: list.value[0].id, kind: 'sale' });
    if (r.ok) setPreview(r.value);
    else setError(r.error.message);
  };

  return (
    <div className="page printer-settings">
      <h1>Impressora</h1>
      <form className="printer-form" onSubmit={(e) => void save(e)}>
        <label htmlFor="pr-type">Tipo</label>
        <select id="pr-type" value={s.type} onChange={(e) => set('type', e.target.value as PrinterSettings['type'])}>
          {TYPES.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>

        <label htmlFor="pr-iface">Endereço da impressora</label>
        <div>
          <input
            id="pr-iface"
            value={s.interface}
            placeholder="tcp://192.168.0.50:9100 · /dev/usb/lp0 · printer:Nome"
            onChange={(e) => set('interface', e.target.value)}
            aria-describedby="pr-iface-hint"
          />
          <p id="pr-iface-hint" className="hint">
            Rede: tcp://IP:9100. Linux: caminho do dispositivo (/dev/usb/lp0). Windows: printer:Nome da impressora (compartilhada) — requer o
            driver do sistema. Vazio: a impressora padrão do Balcão (impressora virtual em testes).
          </p>
        </div>

        <label htmlFor="pr-ports">Portas TCP permitidas</label>
        <div>
          <input id="pr-ports" value={s.tcpPorts} placeholder="9100-9109, 515, 631" onChange={(e) => set('tcpPorts', e.target.value)} aria-describedby="pr-ports-hint" />
          <p id="pr-ports-hint" className="hint">
            Um endereço tcp:// só pode usar estas portas (impressoras: 9100-9109, 515, 631).
          </p>
        </div>

        <label htmlFor="pr-paper">Papel</label>
        <select id="pr-paper" value={s.paperMm} onChange={(e) => set('paperMm', Number(e.target.value) as 58 | 80)}>
          <option value={80}>80 mm (48 colunas)</option>
          <option value={58}>58 mm (32 colunas)</option>
        </select>

        <label htmlFor="pr-charset">Conjunto de caracteres</label>
        <select id="pr-charset" value={s.characterSet} onChange={(e) => set('characterSet', e.target.value as PrinterSettings['characterSet'])}>
          <option value="PC860_PORTUGUESE">PC860 Português (padrão)</option>
          <option value="WPC1252">WPC1252 (Windows Latin-1)</option>
          <option value="PC850_MULTILINGUAL">PC850 Multilíngue</option>
        </select>

        <label htmlFor="pr-name">Nome da loja no cupom</label>
        <input id="pr-name" {...header} value={s.storeName} onChange={(e) => set('storeName', e.target.value)} />
        <label htmlFor="pr-cnpj">CNPJ no cupom</label>
        <input id="pr-cnpj" {...header} value={s.storeCnpj} inputMode="numeric" onChange={(e) => set('storeCnpj', e.target.value)} />
        <label htmlFor="pr-address">Endereço no cupom</label>
        <input id="pr-address" {...header} value={s.storeAddress} onChange={(e) => set('storeAddress', e.target.value)} />
        {paired && <span />}
        <ServerOwnedNote paired={paired} what="receiptHeader" id="pr-header-owned" />

        <div className="checks">
          <label>
            <input type="checkbox" checked={s.cut} onChange={(e) => set('cut', e.target.checked)} /> Cortar o papel
          </label>
          <label>
            <input type="checkbox" checked={s.drawerPulse} onChange={(e) => set('drawerPulse', e.target.checked)} /> Abrir a gaveta (pulso) em
            vendas com dinheiro
          </label>
          <label>
            <input type="checkbox" checked={s.autoPrint} onChange={(e) => set('autoPrint', e.target.checked)} /> Imprimir automaticamente após a
            venda
          </label>
          <label>
            <input type="checkbox" checked={s.barcode} onChange={(e) => set('barcode', e.target.checked)} /> Código de barras do número da venda
          </label>
          <label>
            <input type="checkbox" checked={s.statusCheck} onChange={(e) => set('statusCheck', e.target.checked)} /> Consultar o status da
            impressora antes e depois de imprimir
          </label>
        </div>

        <div className="actions">
          <button type="submit" className="primary">
            Salvar
          </button>
          <button type="button" disabled={busy} onClick={() => void test()}>
            {busy ? 'Imprimindo…' : 'Imprimir teste'}
          </button>
          <button type="button" onClick={() => void showLast()}>
            Visualizar última venda
          </button>
        </div>
      </form>
      <Alert text={error} />
      <p role="status">{saved}</p>
      {preview && <ReceiptPreview preview={preview} label="Prévia da última venda" />}
    </div>
  );
}
