/**
 * PIX "copia e cola" (EMV® QRCPS-MPM BR Code, as the Banco Central's manual
 * defines it): ID(2) + length(2) + value fields, ending with the CRC16-CCITT
 * (poly 0x1021, init 0xFFFF) of everything up to and including "6304".
 */

export function crc16ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function field(id: string, value: string): string {
  const len = Buffer.byteLength(value, 'utf8');
  if (len > 99) throw new Error(`campo EMV ${id} longo demais (${len})`);
  return id + String(len).padStart(2, '0') + value;
}

/** ASCII only, uppercase, trimmed to `max` (merchant name ≤ 25, city ≤ 15). */
function plain(text: string, max: number): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .toUpperCase()
    .slice(0, max)
    .trim();
}

export interface PixPayload {
  /** Location of the dynamic charge (without scheme). */
  location: string;
  amountCents: number;
  merchantName: string;
  merchantCity: string;
  txid?: string;
}

/** A dynamic PIX BR Code (point of initiation 12) with the charge's location and amount. */
export function buildPixCopiaECola(p: PixPayload): string {
  const account = field('00', 'br.gov.bcb.pix') + field('25', p.location);
  const body =
    field('00', '01') +
    field('01', '12') +
    field('26', account) +
    field('52', '0000') +
    field('53', '986') +
    field('54', (p.amountCents / 100).toFixed(2)) +
    field('58', 'BR') +
    field('59', plain(p.merchantName, 25) || 'LOJA') +
    field('60', plain(p.merchantCity, 15) || 'SAO PAULO') +
    field('62', field('05', p.txid ?? '***')) +
    '6304';
  return body + crc16ccitt(body);
}
