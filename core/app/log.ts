import fs from 'node:fs';
import path from 'node:path';
import { redactLine } from '../kernel/redact';
import { privateDir, privateFile } from '../kernel/private-files';

export type Log = (line: string) => void;

export interface FileLog {
  log: Log;
  file: string;
  close(): Promise<void>;
}

/**
 * The app's log: one timestamped line per event, appended (buffered, never
 * blocking a sale) to `<dataDir>/logs/balcao.log` and echoed to stderr.
 * Callers redact secrets before logging (the hub client masks token, CPF, PIN);
 * every line is redacted again here (PINs, e-mails, CPFs anywhere in it), and its control characters are
 * escaped: a partner's text with a newline and a fake timestamp (or ESC/BEL bytes for the terminal) can neither
 * forge a log line nor reach a terminal raw.
 */
export function createFileLog(dataDir: string, now: () => Date = () => new Date(), echo: Log | null = (l) => console.error(l)): FileLog {
  const dir = path.join(dataDir, 'logs');
  privateDir(dataDir);
  privateDir(dir);
  const file = path.join(dir, 'balcao.log');
  privateFile(file);
  const stream = fs.createWriteStream(file, { flags: 'a', mode: 0o600 });
  stream.on('error', () => {
    /* a full disk must never stop the till */
  });
  return {
    file,
    log: (raw) => {
      // The last fence: PINs, e-mails, CPFs and keys nobody masked before (a partner's Mensagem, an error) stop here.
      const line = escapeControls(redactLine(raw));
      stream.write(`${now().toISOString()} ${line}\n`);
      echo?.(line);
    },
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** C0/C1 controls, DEL and the Unicode line/paragraph separators as visible escapes (`\n`, `\x1b`, `\u2028`). */
export function escapeControls(line: string): string {
  return line.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    if (NAMED[c]) return NAMED[c];
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
