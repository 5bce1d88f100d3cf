import { DEFAULT_LABEL_LAYOUT, layoutPattern, layoutProblem, type ScaleLabelLayout } from '../../shared/scale-label';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';
import { BAUD_RATES, DEFAULT_BAUD_RATE, openerFor, parseScaleInterface } from './links';
import { createToledoScale, type ScaleReading, type ScaleTimers, type ToledoScale } from './protocol';

/** Settings keys (table `settings`) of Configurações > "Balança". */
const KEY_INTERFACE = 'scale.interface';
const KEY_BAUD = 'scale.baud';
const KEY_LAYOUT = 'scale.labelLayout';

/** "Nenhuma": the store has no scale; fractional products are typed ("Peso (kg)"). */
export const NO_SCALE = 'nenhuma';

export interface ScaleSettings {
  /** The interface in use: saved, else the configured default (BALCAO_SCALE or the virtual scale); null = none. */
  interface: string | null;
  /** What was saved in "Balança" (null = use the default). */
  saved: string | null;
  /** The default when nothing is saved. */
  defaultInterface: string | null;
  baudRate: number;
  layout: ScaleLabelLayout;
  /** `2 CCCCC VVVVVV D` */
  pattern: string;
}

export interface ScaleServiceDeps {
  db: Db;
  /** BALCAO_SCALE or the embedded virtual scale; null = none. */
  defaultInterface: string | null;
  defaultBaud?: number;
  timeoutMs?: number;
  timers?: ScaleTimers;
}

/**
 * The store's scale and label layout: settings saved by a Gerente, the open
 * connection (one at a time, reopened when the settings change), readings.
 */
export class ScaleService {
  private scale: { key: string; client: ToledoScale } | null = null;
  private layoutCache: ScaleLabelLayout | null = null;
  private readonly get;
  private readonly put;
  private readonly del;

  constructor(private readonly deps: ScaleServiceDeps) {
    this.get = deps.db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`);
    this.put = deps.db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
    this.del = deps.db.prepare(`DELETE FROM settings WHERE key = ?`);
  }

  settings(): ScaleSettings {
    const saved = this.get.get(KEY_INTERFACE)?.value ?? null;
    const baud = Number(this.get.get(KEY_BAUD)?.value ?? this.deps.defaultBaud ?? DEFAULT_BAUD_RATE);
    const layout = this.layout();
    const effective = saved === NO_SCALE ? null : (saved ?? this.deps.defaultInterface);
    return {
      interface: effective,
      saved,
      defaultInterface: this.deps.defaultInterface,
      baudRate: Number.isInteger(baud) && baud > 0 ? baud : DEFAULT_BAUD_RATE,
      layout,
      pattern: layoutPattern(layout),
    };
  }

  /** The label layout in use (cached: a scan reads it). */
  layout(): ScaleLabelLayout {
    if (this.layoutCache) return this.layoutCache;
    let layout = DEFAULT_LABEL_LAYOUT;
    const text = this.get.get(KEY_LAYOUT)?.value;
    if (text) {
      try {
        const parsed = { ...DEFAULT_LABEL_LAYOUT, ...(JSON.parse(text) as Partial<ScaleLabelLayout>) };
        if (!layoutProblem(parsed)) layout = parsed;
      } catch {
        /* a broken setting falls back to the default */
      }
    }
    return (this.layoutCache = layout);
  }

  /** Saves "Balança": interface ('' = the default, "nenhuma" = none), baud rate, label layout. */
  save(input: { interface: string; baudRate: number; layout: ScaleLabelLayout }): ScaleSettings {
    const iface = input.interface.trim();
    if (iface !== '' && iface.toLowerCase() !== NO_SCALE) {
      const parsed = parseScaleInterface(iface);
      if (!parsed.ok) throw new AppError('scale.interface', parsed.message);
    }
    if (!(BAUD_RATES as readonly number[]).includes(input.baudRate)) {
      throw new AppError('scale.baud', `Velocidade inválida: use ${BAUD_RATES.join(', ')}.`);
    }
    const problem = layoutProblem(input.layout);
    if (problem) throw new AppError('scale.layout', problem);
    this.deps.db.transaction(() => {
      if (iface === '') this.del.run(KEY_INTERFACE);
      else this.put.run(KEY_INTERFACE, iface.toLowerCase() === NO_SCALE ? NO_SCALE : iface);
      this.put.run(KEY_BAUD, String(input.baudRate));
      this.put.run(KEY_LAYOUT, JSON.stringify(input.layout));
    })();
    this.layoutCache = null;
    return this.settings();
  }

  /** One reading (ENQ → answer). `none` when no scale is configured. */
  async read(): Promise<ScaleReading | { kind: 'none' }> {
    const s = this.settings();
    if (!s.interface) {
      await this.closeClient();
      return { kind: 'none' };
    }
    const key = `${s.interface}@${s.baudRate}`;
    if (this.scale?.key !== key) {
      await this.closeClient();
      const parsed = parseScaleInterface(s.interface);
      if (!parsed.ok) return { kind: 'unavailable', message: parsed.message };
      this.scale = {
        key,
        client: createToledoScale({ open: openerFor(parsed.value, s.baudRate), timeoutMs: this.deps.timeoutMs, timers: this.deps.timers }),
      };
    }
    return this.scale.client.read();
  }

  private async closeClient(): Promise<void> {
    const c = this.scale;
    this.scale = null;
    await c?.client.close();
  }

  close(): Promise<void> {
    return this.closeClient();
  }
}
