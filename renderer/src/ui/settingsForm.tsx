import { useEffect, useState, type RefObject } from 'react';
import type { Result } from '../../../shared/api';
import { Alert } from './Dialog';

/**
 * The scaffolding of a settings screen ("Hub Fidelidade (Novo)", "Pagamentos"):
 * the saved view and the form edited from it, loaded once; `set` edits one
 * field; `save` sends the form, takes the view back (secrets come back masked,
 * so the form restarts from it) or shows the refusal and focuses the field it
 * names (`refuse` does that for any call); `whileTesting` keeps "Testar conexão" disabled while a test runs.
 */
export function useSettingsForm<View, Form, Field extends string>(opts: {
  load: () => Promise<Result<View>>;
  save: (form: Form) => Promise<Result<View>>;
  formFrom: (view: View) => Form;
  /** Where the focus goes when the core refuses a field (`error.details.field`). */
  fields: Partial<Record<Field, RefObject<HTMLElement | null>>>;
  /** Any edit also clears this (e.g. a "saved" status line). */
  onEdit?: () => void;
  onSaved?: (view: View) => void;
}) {
  const [view, setView] = useState<View | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);

  useEffect(() => {
    void opts.load().then((r) => {
      if (r.ok) {
        setView(r.value);
        setForm(opts.formFrom(r.value));
      } else setError(r.error.message);
    });
    // Loaded once, when the screen opens.
  }, []);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setError(null);
    opts.onEdit?.();
    setForm((f) => (f ? { ...f, [k]: v } : f));
  };

  const save = async (): Promise<boolean> => {
    if (!form) return false;
    setError(null);
    const r = await opts.save(form);
    if (r.ok) {
      setView(r.value);
      setForm(opts.formFrom(r.value));
      opts.onSaved?.(r.value);
      return true;
    }
    refuse(r.error);
    return false;
  };

  /** A refusal from the core: its message, and the focus on the field it names. */
  const refuse = (err: { message: string; details?: unknown }) => {
    setError(err.message);
    const field = (err.details as { field?: Field } | undefined)?.field;
    if (field && Object.hasOwn(opts.fields, field)) opts.fields[field]?.current?.focus();
  };

  const whileTesting = async (test: () => Promise<void>) => {
    setTesting(true);
    try {
      await test();
    } finally {
      setTesting(false);
    }
  };

  return { view, setView, form, setForm, error, setError, set, save, refuse, testing, whileTesting };
}

/**
 * What a settings screen shows until its view is loaded (or why it could not be).
 * Called as a function, not as a component: the loaded screen's `div.page > h1`
 * then stays the same DOM node, and the focus that opening the screen put on it survives the load.
 */
export function settingsLoading(title: string, error: string | null) {
  return (
    <div className="page">
      <h1>{title}</h1>
      <Alert text={error} />
    </div>
  );
}
