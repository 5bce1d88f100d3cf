/**
 * Log hygiene for partner calls: tokens, CPFs, PINs and e-mails never reach a log line.
 * Lines are built from route/GUID/status/duration only; this is the second
 * fence, for text that came from outside (a partner's Mensagem, an error).
 */
export interface Secrets {
  token?: string | null;
  cpf?: string | null;
  pin?: string | null;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const GUID = /([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})/;

export function redact(text: string, secrets: Secrets = {}): string {
  let out = text;
  if (secrets.token) out = out.split(secrets.token).join('[token]');
  // GUIDs (IdentificadorTransacao) are trace ids, not secrets: kept whole, since their hex
  // digits can look like a CPF or a PIN. split() with a group puts them at odd indexes.
  return out
    .split(GUID)
    .map((part, i) => (i % 2 === 1 ? part : redactPart(part, secrets)))
    .join('');
}

function redactPart(text: string, secrets: Secrets): string {
  let out = text;
  if (secrets.pin) out = out.replace(new RegExp(`(?<!\\d)${escape(secrets.pin)}(?!\\d)`, 'g'), '[pin]');
  if (secrets.cpf) out = out.split(secrets.cpf).join('[cpf]');
  // Any CPF-looking number, with or without punctuation.
  out = out.replace(/(?<!\d)\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?!\d)/g, '[cpf]');
  out = out.replace(/("?(?:Pin|Authorization|Cpf|CPF|Email|Celular|Telefone)"?\s*[:=]\s*)"[^"]*"/g, '$1"[redigido]"');
  // Anywhere in a message (a partner's Mensagem echoing them, an error text): e-mails, and a PIN named as such.
  out = out.replace(EMAIL, '[e-mail]');
  out = out.replace(PIN_IN_TEXT, '$1[pin]');
  return out;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/** "PIN 482913", "pin: 4829", "Senha 1234", "código de verificação 123456": the digits after the word. */
const PIN_IN_TEXT = /(\b(?:pin|senha|c[oó]digo|token)\b[^0-9\n]{0,30}?)\d{4,8}(?!\d)/giu;

/** A line for the app's log file: the last fence, for text nobody redacted before (error stacks, messages). */
export function redactLine(line: string): string {
  return redact(line);
}
