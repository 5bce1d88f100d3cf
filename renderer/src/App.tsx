import { useEffect, useRef, useState } from 'react';
import { call } from './bridge';
import { screens, slots, topbarWidgets } from './nav';
import { SlotsProvider } from './slots';
import { useNav } from './navStore';
import { useSale } from './sale/store';
import { dialogOpen } from './ui/Dialog';
import { MenuButton } from './ui/MenuButton';


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
  const settings = screens.filter((s) => s.group === 'settings');

  // A new screen that did not place the focus itself (the sale screen does)
  // gets it on its heading, so Tab continues inside it.
  const mainRef = useRef<HTMLElement>(null);
  const firstScreen = useRef(true);
  useEffect(() => {
    if (firstScreen.current) {
      firstScreen.current = false;
      return;
    }
    const main = mainRef.current;
    if (!main || main.contains(document.activeElement) || dialogOpen()) return;
    const target = main.querySelector<HTMLElement>('h1') ?? main;
    target.tabIndex = -1;
    target.focus();
  }, [screen.id]);
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Balcão</span>
        <nav aria-label="Menu principal" className="menu">
          {screens.filter((s) => !s.group).map((s) => (
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
          {settings.length > 0 && (
            <MenuButton
              label="Configurações"
              items={settings.map((s) => ({ id: s.id, label: s.title, current: s.id === screen.id }))}
              onChoose={go}
            />
          )}
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
      <main className="screen" aria-label={screen.title} ref={mainRef}>
        <SlotsProvider value={slots}>
          <Screen />
        </SlotsProvider>
      </main>
      {/* Messages of top-bar widgets (print status) in a row of their own: they never cover the screen. */}
      <div id="app-messages" className="app-messages" />
    </div>
  );
}
