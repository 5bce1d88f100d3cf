import { useEffect, useState, type FormEvent } from 'react';
import type { ScaleSettings } from '../../../shared/api/scale';
import { layoutPattern, layoutProblem, type ScaleLabelLayout } from '../../../shared/scale-label';
import { call } from '../bridge';
import { Alert } from '../ui/Dialog';
import '../printing/printing.css';

const BAUDS = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

/** A whole number typed in a position/length field (NaN when it is not one: layoutProblem says so). */
const int = (text: string) => (/^\d{1,2}$/.test(text.trim()) ? Number(text) : NaN);

/**
 * Configurações > "Balança" (Gerente): where the scale is (serial port or tcp://), its baud rate, and the
 * layout of the labels printed by the store's label scale; "Ler peso" reads the scale once.
 */
export function ScaleSettingsScreen() {
  const [s, setS] = useState<ScaleSettings | null>(null);
  const [iface, setIface] = useState('');
  const [baud, setBaud] = useState(9600);
  const [layout, setLayout] = useState<ScaleLabelLayout | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = (v: ScaleSettings) => {
    setS(v);
    setIface(v.saved ?? '');
    setBaud(v.baudRate);
    setLayout(v.layout);
  };
  useEffect(() => {
    void call('scale.settings', {}).then((r) => (r.ok ? load(r.value) : setError(r.error.message)));
  }, []);

  if (!s || !layout) return <div className="page"><h1>Balança</h1><Alert text={error} /></div>;

  const problem = layoutProblem(layout);
  const setL = <K extends keyof ScaleLabelLayout>(k: K, v: ScaleLabelLayout[K]) => {
    setStatus(null);
    setLayout({ ...layout, [k]: v });
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (problem) return setError(problem);
    const r = await call('scale.saveSettings', { interface: iface.trim(), baudRate: baud, layout });
    if (r.ok) {
      load(r.value);
      setStatus('Configurações da balança salvas.');
    } else setError(r.error.message);
  };

  const read = async () => {
    setError(null);
    const r = await call('scale.read', {});
    if (r.ok) setStatus(r.value.message);
    else setError(r.error.message);
  };

  const num = (id: string, label: string, k: 'codeStart' | 'codeLength' | 'valueStart' | 'valueLength') => (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} inputMode="numeric" size={3} value={Number.isNaN(layout[k]) ? '' : String(layout[k])} onChange={(e) => setL(k, int(e.target.value))} />
    </>
  );

  return (
    <div className="page printer-settings">
      <h1>Balança</h1>
      <form className="printer-form" onSubmit={(e) => void save(e)}>
        <label htmlFor="sc-iface">Interface da balança</label>
        <div>
          <input
            id="sc-iface"
            value={iface}
            placeholder={s.defaultInterface ?? 'serial:/dev/ttyUSB0 · COM3 · tcp://192.168.0.60:4001'}
            onChange={(e) => {
              setStatus(null);
              setIface(e.target.value);
            }}
            aria-describedby="sc-iface-hint"
          />
          <p id="sc-iface-hint" className="hint">
            Protocolo Toledo/Filizola. Serial: serial:/dev/ttyUSB0 ou COM3. Conversor serial-IP: tcp://IP:porta. "nenhuma": sem balança (o
            caixa digita o peso). Vazio: {s.defaultInterface ? `a padrão (${s.defaultInterface})` : 'nenhuma'}.
          </p>
        </div>
        <label htmlFor="sc-baud">Velocidade (baud)</label>
        <select id="sc-baud" value={baud} onChange={(e) => setBaud(Number(e.target.value))}>
          {BAUDS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>

        <fieldset className="checks">
          <legend>Etiqueta de balança (EAN-13)</legend>
          <label htmlFor="sc-prefix">Prefixo</label>
          <input id="sc-prefix" inputMode="numeric" size={3} value={layout.prefix} onChange={(e) => setL('prefix', e.target.value.trim())} />
          {num('sc-code-start', 'Posição do código', 'codeStart')}
          {num('sc-code-length', 'Dígitos do código (4–6)', 'codeLength')}
          {num('sc-value-start', 'Posição do valor', 'valueStart')}
          {num('sc-value-length', 'Dígitos do valor (5–6)', 'valueLength')}
          <label htmlFor="sc-kind">Valor na etiqueta</label>
          <select id="sc-kind" value={layout.valueKind} onChange={(e) => setL('valueKind', e.target.value as ScaleLabelLayout['valueKind'])}>
            <option value="price">Preço total (centavos)</option>
            <option value="weight">Peso (gramas)</option>
          </select>
          <p aria-live="polite">Formato: {problem ? '—' : <code>{layoutPattern(layout)}</code>}</p>
        </fieldset>

        <div className="actions">
          <button type="submit" className="primary">
            Salvar
          </button>
          <button type="button" onClick={() => void read()}>
            Ler peso
          </button>
        </div>
      </form>
      <Alert text={error ?? problem} />
      <p role="status">{status}</p>
      <p className="hint">Em uso: {s.interface ?? 'nenhuma balança'}</p>
    </div>
  );
}
