import { describe, expect, it } from 'vitest';
import { quitLine, quitWarning } from './quit';

const s = (pending: number, retrying = 0, attention = 0) => ({ pending, sending: 0, retrying, attention, channels: [] });

describe('quit warning', () => {
  it('says nothing when everything was delivered', () => {
    expect(quitWarning(s(0))).toBeNull();
    expect(quitLine(s(0))).toBeNull();
  });
  it('counts every undelivered operation and promises the next start', () => {
    expect(quitLine(s(1))).toBe('Atenção: Há 1 operação pendente de sincronização com o Hub/parceiros. Ela fica guardada e será enviada no próximo início do Balcão.');
    expect(quitLine(s(2, 3, 1))).toBe(
      'Atenção: Há 6 operações pendentes de sincronização com o Hub/parceiros. Elas ficam guardadas e serão enviadas no próximo início do Balcão.',
    );
  });
});
