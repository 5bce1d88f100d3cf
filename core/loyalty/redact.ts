/**
 * Log hygiene for hub calls: the token, CPFs and PINs never reach a log line.
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
  out = out.replace(/("?(?:Pin|Authorization|Cpf|CPF)"?\s*[:=]\s*)"[^"]*"/g, '$1"[redigido]"');
  return out;
}

/** A stored copy of a request body, without the PIN (a PIN is one-time and never kept). */
export function withoutPin(body: Record<string, unknown>): Record<string, unknown> {
  return 'Pin' in body ? { ...body, Pin: '[redigido]' } : body;
}
