import fs from 'node:fs';
import path from 'node:path';

export type Log = (line: string) => void;

export interface FileLog {
  log: Log;
  file: string;
  close(): Promise<void>;
}

/**
 * The app's log: one timestamped line per event, appended (buffered, never
 * blocking a sale) to `<dataDir>/logs/balcao.log` and echoed to stderr.
 * Callers redact secrets before logging (the hub client masks token, CPF, PIN).
 */
export function createFileLog(dataDir: string, now: () => Date = () => new Date(), echo: Log | null = (l) => console.error(l)): FileLog {
  const dir = path.join(dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'balcao.log');
  const stream = fs.createWriteStream(file, { flags: 'a', mode: 0o600 });
  stream.on('error', () => {
    /* a full disk must never stop the till */
  });
  return {
    file,
    log: (line) => {
      stream.write(`${now().toISOString()} ${line}\n`);
      echo?.(line);
    },
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}
