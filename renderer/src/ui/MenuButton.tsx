import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export interface MenuItem {
  id: string;
  label: string;
  current?: boolean;
}

interface Props {
  /** The button's visible text and accessible name, e.g. "Configurações". */
  label: string;
  items: MenuItem[];
  onChoose(id: string): void;
  className?: string;
}

/**
 * A menu button (WAI-ARIA "menu button" pattern): Enter, Space or ↓ open the
 * menu on its first item (↑ on the last); ↑ ↓ Home End move; Enter chooses;
 * Esc closes and gives the focus back to the button; Tab or a click outside
 * closes it.
 */
export function MenuButton({ label, items, onChoose, className }: Props) {
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  const menuItems = () => Array.from(wrapRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    const list = menuItems();
    (open === 'last' ? list[list.length - 1] : list[0])?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!wrapRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer, true);
    return () => document.removeEventListener('pointerdown', onPointer, true);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = menuItems();
    const i = list.indexOf(document.activeElement as HTMLElement);
    const moveTo = (n: number) => {
      e.preventDefault();
      list[(n + list.length) % list.length]?.focus();
    };
    switch (e.key) {
      case 'ArrowDown':
        return moveTo(i + 1);
      case 'ArrowUp':
        return moveTo(i - 1);
      case 'Home':
        return moveTo(0);
      case 'End':
        return moveTo(list.length - 1);
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        return close(true);
      case 'Tab':
        return close(false);
    }
  };

  const anyCurrent = items.some((it) => it.current);
  return (
    <div
      ref={wrapRef}
      className={`menu-button ${className ?? ''}`}
      onBlur={(e) => {
        // Focus left the button and its menu (Tab, a click elsewhere): close.
        if (open && e.relatedTarget && !e.currentTarget.contains(e.relatedTarget as Node)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={!!open}
        aria-controls={open ? menuId : undefined}
        className={anyCurrent ? 'has-current' : undefined}
        onClick={() => (open ? close(false) : setOpen('first'))}
        onKeyDown={onButtonKey}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div id={menuId} role="menu" aria-label={label} className="menu-popup" onKeyDown={onMenuKey}>
          {items.map((it) => (
            <button
              key={it.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-current={it.current ? 'page' : undefined}
              onClick={() => {
                setOpen(false);
                // The menu goes away: the focus waits on the button (the new screen may take it).
                buttonRef.current?.focus();
                onChoose(it.id);
              }}
            >
              {it.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
