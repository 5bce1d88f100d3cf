import { create } from 'zustand';
import type { PrintJob } from '../../../shared/api/printing';
import { call, getBridge } from '../bridge';

export interface PrintMessage {
  kind: 'error' | 'info';
  text: string;
  jobId: number;
}

interface PrintState {
  pending: number;
  jobs: PrintJob[];
  message: PrintMessage | null;
  started: boolean;
  /** Subscribes to print job events (once) and loads the queue. */
  start(): void;
  refresh(): Promise<void>;
  retry(jobId?: number): Promise<void>;
  /** Shows the outcome of a print the cashier asked for. */
  show(job: PrintJob): void;
  say(text: string, kind?: PrintMessage['kind']): void;
  clear(message: PrintMessage): void;
}

const messageOf = (job: PrintJob): PrintMessage =>
  job.status === 'failed'
    ? { kind: 'error', jobId: job.id, text: `Não foi possível imprimir (${job.title}): ${job.lastError ?? 'erro desconhecido'} O comprovante ficou na fila: use "Tentar novamente".` }
    : job.status === 'done'
      ? { kind: 'info', jobId: job.id, text: `${job.title}: impresso.` }
      : { kind: 'info', jobId: job.id, text: `${job.title}: na fila de impressão.` };

export const usePrint = create<PrintState>((set, get) => ({
  pending: 0,
  jobs: [],
  message: null,
  started: false,
  start() {
    if (get().started) return;
    set({ started: true });
    getBridge().on('printing.job', (job) => {
      if (job.status === 'failed') set({ message: { kind: 'error', text: job.message, jobId: job.id } });
      else if (job.status === 'done') {
        const m = get().message;
        // A job that printed replaces its own failure message (and any info).
        if (!m || m.kind === 'info' || m.jobId === job.id) set({ message: { kind: 'info', text: job.message, jobId: job.id } });
      }
      void get().refresh();
    });
    void get().refresh();
  },
  async refresh() {
    const r = await call('printing.queue', {});
    if (r.ok) set({ pending: r.value.pending, jobs: r.value.jobs });
  },
  async retry(jobId) {
    const r = await call('printing.retry', jobId === undefined ? {} : { jobId });
    if (r.ok) {
      set({ pending: r.value.pending, jobs: r.value.jobs });
      const job = jobId === undefined ? null : r.value.jobs.find((j) => j.id === jobId);
      if (job) set({ message: messageOf(job) });
      else if (r.value.pending === 0) set({ message: { kind: 'info', text: 'Fila de impressão vazia: tudo impresso.', jobId: -1 } });
    } else set({ message: { kind: 'error', text: r.error.message, jobId: -1 } });
  },
  show(job) {
    set({ message: messageOf(job) });
    void get().refresh();
  },
  say(text, kind = 'error') {
    set({ message: { kind, text, jobId: -1 } });
  },
  clear(message) {
    if (get().message === message) set({ message: null });
  },
}));
