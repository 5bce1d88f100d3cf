import { useEffect, useState } from 'react';
import { call } from './bridge';
import { screens, topbarWidgets } from './nav';
import { useNav } from './navStore';
import { useSale } from './sale/store';
import { dialogOpen } from './ui/Dialog';


const FKEY = /^F([1-9]|1[01])$/;

/** Top menu + the active screen (see nav.tsx to add screens). */
export function App() {
  const active = useNav((s) => s.active);
  const go = useNav((s) => s.go);
  const ready = useSale((s) => s.ready);
  const [header, setHeader] = useState<{ store: string; operator: string } | null>(null);

  useEffect(() => {
    void useSale.getState().load();
    void call('system.info', {}).then((r) => {
      if (r.ok) setHeader({ store: r.value.storeName, operator: r.value.operator.name });
    });
  }, []);

  // Explicit "ready" signal for tests and the shell: the open sale is loaded.
  useEffect(() => {
    if (ready) document.body.dataset.ready = 'true';
  }, [ready]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // F1–F11 are ours (F5 must never reload the page mid-sale); F12 stays for developers.
      if (FKEY.test(e.key)) e.preventDefault();
      if (dialogOpen()) return;
      const target = screens.find((s) => s.key === e.key);
      if (target) go(target.id);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [go]);

  const screen = screens.find((s) => s.id === active) ?? screens[0];
  const Screen = screen.component;
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Balcão</span>
        <nav aria-label="Menu principal" className="menu">
          {screens.map((s) => (
            <button
              key={s.id}
              type="button"
              aria-current={s.id === screen.id ? 'page' : undefined}
              aria-keyshortcuts={s.key}
              onClick={() => go(s.id)}
            >
              {s.title}
              {s.key && <kbd aria-hidden="true">{s.key}</kbd>}
            </button>
          ))}
        </nav>
        {topbarWidgets.map(({ id, component: Widget }) => (
          <Widget key={id} />
        ))}
        {header && (
          <span className="who" title={`${header.store} · ${header.operator}`}>
            {header.operator}
          </span>
        )}
      </header>
      <main className="screen" aria-label={screen.title}>
        <Screen />
      </main>
    </div>
  );
}
